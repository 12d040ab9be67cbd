/**
 * `make deploy PRODUCT=x ENV=y STACK=name [PARAMS=file] [TAGS="k=v ..."] [REVIEW=1] [BUCKET=b] [REGION=r]`:
 * deploys dist/<x>/<y>/packaged/<root> (made by make publish). Exit 1 with one message on failure.
 */
import { runDeploy } from './run.js';

process.exitCode = runDeploy(process.env);
