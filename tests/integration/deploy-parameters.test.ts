import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildEnvironment } from '../../build/compile-product.js';
import httpsApp from '../../build/products/https-app.js';
import microservice from '../../build/products/microservice.js';
import { parseTemplate } from '../../dsl/index.js';
import { translateJavaRegex } from '../../scripts/deploy/java-regex.js';
import { checkValue, type TemplateParameter } from '../../scripts/deploy/parameter-values.js';
import { checkParameters, readParameterFile } from '../../scripts/deploy/params.js';
import { runDeploy } from '../../scripts/deploy/run.js';

const scratch = mkdtempSync(join(tmpdir(), 'deploy-parameters-'));
test.after(() => rmSync(scratch, { recursive: true, force: true }));

/** The root template's Parameters of a product environment, compiled in this process. */
function rootParameters(product: typeof microservice | typeof httpsApp, environment: string): Record<string, TemplateParameter> {
  const built = buildEnvironment(product, environment, 'json');
  const root = built.result.stacks.find((s) => s.file === built.manifest.root)!;
  return (parseTemplate(root.body, 'json') as unknown as { Parameters: Record<string, TemplateParameter> }).Parameters;
}
const micro = rootParameters(microservice, 'template');
const https = rootParameters(httpsApp, 'production');

/** The message checkParameters throws, or '' when it accepts. */
const refusal = (given: Record<string, string>, declared: Record<string, TemplateParameter>) => {
  try {
    checkParameters(given, declared, 'PARAMS');
    return '';
  } catch (error) {
    return (error as Error).message;
  }
};
const problemsOf = (value: string, parameter: TemplateParameter) => checkValue('P', value, parameter).problems;

test('AllowedPattern: the whole value must match, ConstraintDescription says what is allowed (CertificateArn: not-an-arn)', () => {
  const certificate = https['CertificateArn']!;
  assert.is(
    refusal({ CertificateArn: 'not-an-arn' }, https),
    `PARAMS: CertificateArn: "not-an-arn" is not allowed: an ACM certificate ARN (a value matching AllowedPattern ${certificate.AllowedPattern})`,
  );
  assert.is(refusal({ CertificateArn: 'arn:aws:acm:eu-west-1:123456789012:certificate/0a1b2c3d-aaaa-bbbb-cccc-0123456789ab' }, https), '');
  // Anchored as CloudFormation anchors it, whether or not the pattern says ^...$.
  assert.equal(problemsOf('abc1', { AllowedPattern: '[a-z]+' }), ['P: "abc1" is not allowed: a value matching AllowedPattern [a-z]+']);
  assert.equal(problemsOf('1abc', { AllowedPattern: '[a-z]+' }).length, 1);
  assert.equal(problemsOf('abc', { AllowedPattern: '[a-z]+' }), []);
  assert.equal(problemsOf('ab|', { AllowedPattern: 'ab|cd' }).length, 1, 'an alternation is anchored as a whole');
  assert.equal(problemsOf('abcd', { AllowedPattern: 'ab|cd' }).length, 1);
});

test('AllowedValues, for strings and numbers', () => {
  assert.is(refusal({ TaskCpu: '300' }, { TaskCpu: micro['TaskCpu']! }), 'PARAMS: TaskCpu: "300" is not allowed: a Fargate CPU value (256, 512, 1024, 2048, 4096, 8192, 16384) (one of 256, 512, 1024, 2048, 4096, 8192, 16384 (AllowedValues))');
  assert.is(refusal({ CpuHighPeriod: '61' }, { CpuHighPeriod: micro['CpuHighPeriod']! }), 'PARAMS: CpuHighPeriod: "61" is not allowed: one of 60, 120, 180, 300, 600, 900, 1800, 3600 seconds (one of 60, 120, 180, 300, 600, 900, 1800, 3600 (AllowedValues))');
  assert.is(refusal({ CpuHighPeriod: '120' }, { CpuHighPeriod: micro['CpuHighPeriod']! }), '');
  assert.equal(problemsOf('Production', { AllowedValues: ['production'], ConstraintDescription: 'lower case' }), ['P: "Production" is not allowed: lower case (one of production (AllowedValues))']);
});

test('Number: a number, within MinValue and MaxValue', () => {
  const port = micro['ContainerPort']!;
  assert.is(refusal({ ContainerPort: '0' }, { ContainerPort: port }), 'PARAMS: ContainerPort: "0" is not allowed: an integer from 1 to 65535 (a number from 1 to 65535 (MinValue 1, MaxValue 65535))');
  assert.is(refusal({ ContainerPort: '65536' }, { ContainerPort: port }), 'PARAMS: ContainerPort: "65536" is not allowed: an integer from 1 to 65535 (a number from 1 to 65535 (MinValue 1, MaxValue 65535))');
  assert.is(refusal({ ContainerPort: '80x' }, { ContainerPort: port }), 'PARAMS: ContainerPort: "80x" is not allowed: a number (Type Number)');
  for (const good of ['1', '65535', '8080', '80.0', '+80']) assert.equal(problemsOf(good, port), [], good);
  for (const bad of ['', ' ', 'NaN', 'Infinity', '0x50', '8 0', '1,000']) assert.equal(problemsOf(bad, port), ['P: ' + JSON.stringify(bad) + ' is not allowed: a number (Type Number)'], bad);
  assert.equal(problemsOf('-1', { Type: 'Number', MinValue: 0 }), ['P: "-1" is not allowed: a number of at least 0 (MinValue 0)']);
  assert.equal(problemsOf('2.5', { Type: 'Number', MaxValue: '2' }), ['P: "2.5" is not allowed: a number of at most 2 (MaxValue 2)']);
});

test('String: MinLength and MaxLength', () => {
  const name: TemplateParameter = { Type: 'String', MinLength: 2, MaxLength: 5, ConstraintDescription: '2 to 5 characters' };
  assert.equal(problemsOf('a', name), ['P: "a" is not allowed: 2 to 5 characters (a length from 2 to 5 (MinLength 2, MaxLength 5); it has 1 characters)']);
  assert.equal(problemsOf('abcdef', name).length, 1);
  assert.equal(problemsOf('abcde', name), []);
  assert.equal(problemsOf('', { MinLength: '1' }), ['P: "" is not allowed: a length of at least 1 (MinLength 1); it has 0 characters']);
});

test('list parameters are checked member by member, members space-trimmed', () => {
  const environments: TemplateParameter = { Type: 'CommaDelimitedList', AllowedValues: ['dev', 'prod'] };
  assert.equal(problemsOf('dev, prod', environments), []);
  assert.equal(problemsOf('dev,qa,prod', environments), ['P: member 2 of 3, "qa", is not allowed: one of dev, prod (AllowedValues)']);
  const arns: TemplateParameter = { Type: 'CommaDelimitedList', AllowedPattern: 'arn:aws:iam::(aws|\\d{12}):policy/[\\w+=,.@/-]+' };
  assert.equal(problemsOf('arn:aws:iam::aws:policy/ReadOnlyAccess,arn:aws:iam::123456789012:policy/app', arns), []);
  assert.equal(problemsOf('arn:aws:iam::aws:policy/ReadOnlyAccess,ReadOnlyAccess', arns), [`P: member 2 of 2, "ReadOnlyAccess", is not allowed: a value matching AllowedPattern ${arns.AllowedPattern}`]);
  const ports: TemplateParameter = { Type: 'List<Number>', MinValue: 1, MaxValue: 65535 };
  assert.equal(problemsOf('80,443', ports), []);
  assert.equal(problemsOf('80,http,70000', ports), ['P: member 2 of 3, "http", is not allowed: a number (Type Number)', 'P: member 3 of 3, "70000", is not allowed: a number from 1 to 65535 (MinValue 1, MaxValue 65535)']);
  const subnets = micro['SubnetIds']!;
  assert.is(subnets.Type, 'List<AWS::EC2::Subnet::Id>');
  assert.equal(problemsOf('subnet-0521aa00427d156e0,subnet-0854fca6', subnets), []);
  assert.equal(problemsOf('subnet-0521aa00427d156e0,sg-0854fca60e5b9ef64', subnets), [
    'P: member 2 of 2, "sg-0854fca60e5b9ef64", is not allowed: a subnet id (subnet- and 8 or 17 hexadecimal digits, Type AWS::EC2::Subnet::Id)',
  ]);
  assert.equal(problemsOf('vpc-0f1e2d3c4b5a6978', micro['VpcId']!), ['P: "vpc-0f1e2d3c4b5a6978" is not allowed: a VPC id (vpc- and 8 or 17 hexadecimal digits, Type AWS::EC2::VPC::Id)'], '16 digits');
  // An SSM parameter type takes the name of a parameter; its constraints are about the value it holds.
  assert.equal(problemsOf('/platform/ami', { Type: 'AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>', AllowedPattern: 'ami-.*' }), []);
});

test('every value a file gets wrong is named in one message; NoEcho values are not shown; long values are cut', () => {
  const { parameters } = readParameterFile('build/products/microservice/ai-service-staging.json');
  const message = refusal({ ...parameters, ContainerPort: '0', TaskCpu: '300', ProjectName: 'AI' }, micro);
  assert.is(message.split('\n')[0], 'PARAMS: 3 values the template does not allow:');
  assert.match(message, '\n  ContainerPort: "0" is not allowed');
  assert.match(message, '\n  TaskCpu: "300" is not allowed');
  // The name is also the Project tag's value: both constraints, each said.
  assert.match(message, '\n  ProjectName: "AI" is not allowed: a lower-case DNS label (a-z, 0-9, -; at most 63 characters); a tag value (0-256 letters, digits, spaces and _ . : / = + - @) (a value matching AllowedPattern (?=(?:^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$)$)');
  assert.equal(problemsOf('hunter2', { NoEcho: true, MinLength: 12 }), ['P: (a NoEcho value) is not allowed: a length of at least 12 (MinLength 12); it has 7 characters']);
  const long = problemsOf('x'.repeat(2000), { AllowedValues: ['a'] })[0]!;
  assert.ok(long.length < 300, long);
  assert.match(long, `P: "${'x'.repeat(120)}…" (2000 characters) is not allowed`);
});

test('a pattern with Java-only constructs is left to CloudFormation with a note, never refused here', () => {
  const javaOnly: TemplateParameter = { AllowedPattern: '[a-z&&[^aeiou]]+' };
  assert.equal(checkValue('P', 'xyz', javaOnly), { problems: [], notes: ['P: AllowedPattern [a-z&&[^aeiou]]+ is left to CloudFormation (a character class intersection (&&))'] });
  assert.equal(checkParameters({ P: 'xyz' }, { P: javaOnly }, 'PARAMS'), ['PARAMS: P: AllowedPattern [a-z&&[^aeiou]]+ is left to CloudFormation (a character class intersection (&&))']);
  for (const pattern of ['[a-z[0-9]]', '\\p{L}+', '(?u)x', 'a\\Gb', '\\x{41}', '[\\P{Alpha}]', '\\v']) assert.ok('unsupported' in translateJavaRegex(pattern), pattern);
});

test('the committed microservice parameter files pass against the compiled microservice template; a bad value in each is refused', () => {
  let checked = 0;
  for (const name of ['ai-service-staging.json', 'ai-service-production.json']) {
    const { parameters } = readParameterFile(`build/products/microservice/${name}`);
    assert.equal(checkParameters(parameters, micro, name), [], name);
    // Each constrained parameter the file sets, given a value its constraint refuses, is refused by name.
    for (const [key, value] of Object.entries(parameters)) {
      const p = micro[key]!;
      // `é` is in no pattern's alphabet (a space is in the security group rule descriptions', `|` in paths').
      const bad = p.AllowedValues ? `${value}x` : p.Type === 'Number' ? '-99999999' : p.AllowedPattern ? `${value}é` : p.Type?.includes('AWS::EC2') ? `${value}-x` : undefined;
      if (bad === undefined) continue;
      assert.match(refusal({ ...parameters, [key]: bad }, micro), new RegExp(`^PARAMS: ${key}: `), `${name} ${key}=${bad}`);
      checked++;
    }
  }
  assert.ok(checked > 40, `${checked} refusals checked`);
});

test('make deploy refuses a value before calling CloudFormation: exit 1, the parameter, value and what is allowed', () => {
  const built = buildEnvironment(httpsApp, 'production', 'json');
  const folder = join(scratch, 'dist', 'https-app', 'production');
  mkdirSync(join(folder, 'packaged'), { recursive: true });
  writeFileSync(join(folder, 'manifest.json'), JSON.stringify(built.manifest));
  writeFileSync(join(folder, 'packaged', built.manifest.root), built.result.stacks.find((s) => s.file === built.manifest.root)!.body);
  writeFileSync(join(scratch, 'params.json'), JSON.stringify({ CertificateArn: 'not-an-arn' }));
  const err: string[] = [];
  // No endpoint and no credentials: had the wrapper called the AWS CLI, the message would be the CLI's.
  const status = runDeploy(
    { PATH: process.env['PATH'], DIST: join(scratch, 'dist'), PRODUCT: 'https-app', ENV: 'production', STACK: 'web', PARAMS: join(scratch, 'params.json'), AWS_ENDPOINT_URL: 'http://127.0.0.1:9' },
    { out: () => {}, err: (l) => err.push(l) },
  );
  assert.is(status, 1);
  assert.match(err.join('\n'), /^deploy failed: PARAMS: CertificateArn: "not-an-arn" is not allowed: an ACM certificate ARN \(a value matching AllowedPattern \S*arn:aws/);
});

/** Values around each pattern's examples: the examples, and each with one edit that may break it. */
function variants(examples: string[]): string[] {
  const out = new Set<string>();
  for (const e of examples) {
    for (const v of [e, `${e}x`, `x${e}`, e.slice(1), e.slice(0, -1), e.toUpperCase(), `${e}\n`, ` ${e}`, `${e}-`, e.replace(/\d/, 'a'), e.replace(/[a-z]/, '9')]) out.add(v);
  }
  out.add('');
  return [...out];
}

test('the translation agrees with java.util.regex (Pattern.matches, as CloudFormation) on every template pattern and on Java-only syntax', () => {
  const cases: [string, string[]][] = [
    ...Object.values({ ...micro, ...https })
      .filter((p) => p.AllowedPattern)
      .map((p): [string, string[]] => [p.AllowedPattern!, [String(p.Default ?? 'a'), 'arn:aws:acm:eu-west-1:123456789012:certificate/abc-123', 'sg-0123456789abcdef0', '10.0.0.0/16', '/api/*', 'ai-service']]),
    ['\\p{Alpha}\\p{Alnum}*', ['a1', '1a', 'ab_', 'Zz9']],
    ['[\\p{Lower}\\p{Digit}-]+', ['ab-1', 'Ab', '-']],
    ['\\P{Digit}+', ['abc', 'a1', '']],
    ['\\Aab\\z', ['ab', 'ab\n']],
    ['ab\\Z', ['ab', 'ab\n', 'ab\n\n']],
    ['\\Q1.0+\\E[a-z]', ['1.0+a', '100a']],
    ['[\\Q]-\\E]+', [']-', ']]', 'a']],
    ['(?i)sg-[0-9a-f]{8}', ['SG-0123ABCD', 'sg-0123abcd', 'sg-0123']],
    ['a++b', ['aab', 'b']],
    ['a*+', ['aaa', '']],
    ['(?>ab|a)c', ['abc', 'ac']],
    ['x{2,3}+y', ['xxy', 'xxxy', 'xy']],
    ['a+?b', ['aab']],
    ['[]a]+', [']a', 'a]', 'b']],
    ['[^]a]+', ['bc', ']']],
    ['(?:ab)?c', ['abc', 'c', 'ac']],
    ['\\d{12}|aws', ['123456789012', 'aws', 'aws1']],
    ['[\\w+=,.@-]{1,64}', ['role+name', 'a b']],
    ['\\s*x', ['  x', '\tx']],
    ['a/b', ['a/b', 'ab']],
  ];
  const pairs = cases.flatMap(([pattern, examples]) => variants(examples).map((value) => [pattern, value] as const));
  const ours = pairs.map(([pattern, value]) => {
    const translated = translateJavaRegex(pattern);
    assert.ok('regex' in translated, `${pattern}: ${'unsupported' in translated ? translated.unsupported : ''}`);
    return translated.regex.test(value);
  });
  const java = spawnSync('java', ['-version'], { stdio: 'ignore' });
  if (java.error) {
    console.log('  (java is not installed: the translation was checked for syntax only; install a JDK to compare with java.util.regex)');
    return;
  }
  const source = join(scratch, 'Matches.java');
  writeFileSync(
    source,
    `import java.util.Base64; import java.util.regex.Pattern; import java.io.*;
     public class Matches { public static void main(String[] a) throws IOException {
       BufferedReader in = new BufferedReader(new InputStreamReader(System.in)); String line; Base64.Decoder d = Base64.getDecoder();
       while ((line = in.readLine()) != null) { String[] f = line.split("\\t", -1);
         System.out.println(Pattern.matches(new String(d.decode(f[0]), "UTF-8"), new String(d.decode(f[1]), "UTF-8"))); } } }`,
  );
  const b64 = (s: string) => Buffer.from(s).toString('base64');
  const run = spawnSync('java', [source], { input: pairs.map(([p, v]) => `${b64(p)}\t${b64(v)}`).join('\n') + '\n', encoding: 'utf8' });
  assert.is(run.status, 0, run.stderr);
  const theirs = run.stdout.trim().split('\n').map((l) => l === 'true');
  assert.is(theirs.length, pairs.length);
  const disagreements = pairs.flatMap(([p, v], i) => (ours[i] === theirs[i] ? [] : [`${p} on ${JSON.stringify(v)}: java ${theirs[i]}, ours ${ours[i]}`]));
  assert.equal(disagreements, [], `${disagreements.length} of ${pairs.length} disagree`);
  assert.ok(theirs.filter(Boolean).length > 20 && theirs.filter((m) => !m).length > 20, 'the cases hold both matches and refusals');
});

test.run();
