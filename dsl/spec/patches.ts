/**
 * Patch layer over cloudform-types@7.5.0 (generated from CloudFormation resource specification v148.0.0) for the
 * resource types this project uses, where it lags the current CloudFormation schema.
 *
 * HAND-WRITTEN (not generated). Reference: @aws-cdk/aws-service-spec@0.1.216 (CloudFormation registry schemas),
 * spot-checked against the registry schemas shipped with cfn-lint 1.51.0. Every patch EXTENDS the upstream
 * interface (Omit<> + re-declaration for nested types, so nested objects carry the new fields); comments say what
 * upstream lacks.
 *
 * Find gaps / check whether a patch can be dropped after bumping cloudform-types:
 *   npx tsx scripts/generate-spec.ts --drift
 * (`+` = property missing upstream, `!` = required upstream but optional in the spec). When upstream catches up,
 * delete the patch and its PatchedResourcePropsMap entry: the generated ResourcePropsMap then applies.
 *
 * Types only: nothing here exists at runtime. Use Value<>/List<> so intrinsic functions (Ref, GetAtt, ...) stay
 * assignable everywhere. Only property gaps a platform team could plausibly use are patched; deliberately NOT
 * patched (drift output you can ignore): AWS::S3::Bucket MetadataTableConfiguration/MetadataConfiguration (S3 metadata
 * tables) and ObjectLock DefaultEventHold; AWS::ServiceDiscovery::PrivateDnsNamespace `Vpc` optionality and the
 * AWS::ServiceCatalog::*Association required-ness (spec artefacts: the registry schemas still require them);
 * AWS::AutoScaling::AutoScalingGroup NotificationConfiguration (deprecated singular form); Tags differences
 * (ResourceTag is the same shape). AWS::IAM::Role, AWS::EC2::SecurityGroup(Ingress|Egress),
 * AWS::ServiceDiscovery::HttpNamespace and AWS::ServiceCatalog::* are in sync upstream.
 */
import type { List, Value } from 'cloudform-types/types/dataTypes.js';
import type { ResourceTag } from 'cloudform-types/types/resource.js';
import type * as ecsService from 'cloudform-types/types/ecs/service.js';
import type * as ecsTaskDefinition from 'cloudform-types/types/ecs/taskDefinition.js';
import type * as ecsCluster from 'cloudform-types/types/ecs/cluster.js';
import type * as ecsCapacityProvider from 'cloudform-types/types/ecs/capacityProvider.js';
import type * as ecsClusterCpAssociations from 'cloudform-types/types/ecs/clusterCapacityProviderAssociations.js';
import type * as ecsTaskSet from 'cloudform-types/types/ecs/taskSet.js';
import type * as elbLoadBalancer from 'cloudform-types/types/elasticLoadBalancingV2/loadBalancer.js';
import type * as elbListener from 'cloudform-types/types/elasticLoadBalancingV2/listener.js';
import type * as elbListenerRule from 'cloudform-types/types/elasticLoadBalancingV2/listenerRule.js';
import type * as elbTargetGroup from 'cloudform-types/types/elasticLoadBalancingV2/targetGroup.js';
import type * as ec2Vpc from 'cloudform-types/types/ec2/vpc.js';
import type * as ec2Subnet from 'cloudform-types/types/ec2/subnet.js';
import type * as ec2VpcEndpoint from 'cloudform-types/types/ec2/vpcEndpoint.js';
import type * as ec2FlowLog from 'cloudform-types/types/ec2/flowLog.js';
import type * as ec2NatGateway from 'cloudform-types/types/ec2/natGateway.js';
import type * as ec2Eip from 'cloudform-types/types/ec2/eip.js';
import type * as ec2LaunchTemplate from 'cloudform-types/types/ec2/launchTemplate.js';
import type * as logsLogGroup from 'cloudform-types/types/logs/logGroup.js';
import type * as kmsKey from 'cloudform-types/types/kms/key.js';
import type * as ecrPullThroughCacheRule from 'cloudform-types/types/ecr/pullThroughCacheRule.js';
import type * as aasScalableTarget from 'cloudform-types/types/applicationAutoScaling/scalableTarget.js';
import type * as aasScalingPolicy from 'cloudform-types/types/applicationAutoScaling/scalingPolicy.js';
import type * as cwAlarm from 'cloudform-types/types/cloudWatch/alarm.js';
import type * as snsTopic from 'cloudform-types/types/sns/topic.js';
import type * as cdDeploymentGroup from 'cloudform-types/types/codeDeploy/deploymentGroup.js';
import type * as s3Bucket from 'cloudform-types/types/s3/bucket.js';
import type * as asgGroup from 'cloudform-types/types/autoScaling/autoScalingGroup.js';

/** A JSON object property (IAM-style policy documents, etc.), as cloudform-types types them. */
type Json = { [key: string]: any };

// ================================================================================================================
// AWS::ECS::Service
// Upstream lacks: AvailabilityZoneRebalancing, VolumeConfigurations (EBS volumes configured at launch),
// VpcLatticeConfigurations, ForceNewDeployment, Monitoring; ServiceConnectConfiguration.AccessLogConfiguration;
// ServiceConnectService.Tls/Timeout; ServiceConnectClientAlias.TestTrafficRules; LoadBalancer.AdvancedConfiguration
// (blue/green); DeploymentConfiguration.Strategy/BakeTimeInMinutes/LifecycleHooks/CanaryConfiguration/
// LinearConfiguration/EarlySuccessCriteria; DeploymentCircuitBreaker.ThresholdConfiguration/ResetOnHealthyTask.

export interface ECSServiceConnectTlsConfiguration {
  IssuerCertificateAuthority: { AwsPcaAuthorityArn?: Value<string> };
  KmsKey?: Value<string>;
  RoleArn?: Value<string>;
}
export interface ECSServiceConnectTimeoutConfiguration {
  PerRequestTimeoutSeconds?: Value<number>;
  IdleTimeoutSeconds?: Value<number>;
}
export interface ECSServiceConnectTestTrafficRules {
  Header: { Name: Value<string>; Value?: { Exact: Value<string> } };
}
export interface ECSServiceConnectClientAlias extends ecsService.ServiceConnectClientAlias {
  /** Blue/green: route test traffic to the green revision by header. */
  TestTrafficRules?: ECSServiceConnectTestTrafficRules;
}
export interface ECSServiceConnectService extends Omit<ecsService.ServiceConnectService, 'ClientAliases'> {
  ClientAliases?: List<ECSServiceConnectClientAlias>;
  Tls?: ECSServiceConnectTlsConfiguration;
  Timeout?: ECSServiceConnectTimeoutConfiguration;
}
export interface ECSServiceConnectConfiguration extends Omit<ecsService.ServiceConnectConfiguration, 'Services'> {
  Services?: List<ECSServiceConnectService>;
  /** Format: 'TEXT' | 'JSON'; IncludeQueryParameters: 'ENABLED' | 'DISABLED'. */
  AccessLogConfiguration?: { Format: Value<string>; IncludeQueryParameters?: Value<string> };
}
export interface ECSServiceLoadBalancer extends ecsService.LoadBalancer {
  /** ECS-native blue/green, linear and canary (DeploymentConfiguration.Strategy): the second target group and what ECS edits. */
  AdvancedConfiguration?: {
    AlternateTargetGroupArn: Value<string>;
    /** The production listener rule ARN (Application Load Balancer) or listener ARN (Network Load Balancer). */
    ProductionListenerRule?: Value<string>;
    /** The test listener rule ARN (ALB) or listener ARN (NLB). */
    TestListenerRule?: Value<string>;
    /** The infrastructure role ECS calls Elastic Load Balancing with. */
    RoleArn?: Value<string>;
  };
}
export interface ECSDeploymentCircuitBreaker extends ecsService.DeploymentCircuitBreaker {
  ThresholdConfiguration?: { Type: Value<'COUNT' | 'BOUNDED_PERCENT' | 'UNBOUNDED_PERCENT'>; Value: Value<number> };
  ResetOnHealthyTask?: Value<boolean>;
}
/** The registry schema's DeploymentLifecycleHook.LifecycleStages enum. */
export type ECSDeploymentLifecycleStage =
  | 'RECONCILE_SERVICE'
  | 'PRE_SCALE_UP'
  | 'POST_SCALE_UP'
  | 'TEST_TRAFFIC_SHIFT'
  | 'POST_TEST_TRAFFIC_SHIFT'
  | 'PRE_PRODUCTION_TRAFFIC_SHIFT'
  | 'PRODUCTION_TRAFFIC_SHIFT'
  | 'POST_PRODUCTION_TRAFFIC_SHIFT';
export interface ECSDeploymentLifecycleHook {
  /** Lambda function ARN (AWS_LAMBDA hooks; not for PAUSE). */
  HookTargetArn?: Value<string>;
  /** Role ECS assumes to invoke the hook target. */
  RoleArn?: Value<string>;
  /** At least one stage. PAUSE hooks cannot run at TEST_TRAFFIC_SHIFT or PRODUCTION_TRAFFIC_SHIFT. */
  LifecycleStages: List<Value<ECSDeploymentLifecycleStage>>;
  /** Default AWS_LAMBDA. */
  TargetType?: Value<'AWS_LAMBDA' | 'PAUSE'>;
  /** Parameters passed to the hook target: a JSON object, or that object as a string. */
  HookDetails?: Value<string> | Json;
  /** TimeoutInMinutes 1..20160. */
  TimeoutConfiguration?: { Action?: Value<'ROLLBACK' | 'CONTINUE'>; TimeoutInMinutes?: Value<number> };
}
export interface ECSDeploymentConfiguration extends Omit<ecsService.DeploymentConfiguration, 'DeploymentCircuitBreaker'> {
  DeploymentCircuitBreaker?: ECSDeploymentCircuitBreaker;
  /** Default ROLLING. BLUE_GREEN, LINEAR and CANARY need the ECS controller and, with a load balancer, LoadBalancers[].AdvancedConfiguration. */
  Strategy?: Value<'ROLLING' | 'BLUE_GREEN' | 'LINEAR' | 'CANARY'>;
  /** 0..1440 minutes; ECS's default is 15 for BLUE_GREEN, LINEAR and CANARY, none for ROLLING; not with CODE_DEPLOY or EXTERNAL. */
  BakeTimeInMinutes?: Value<number>;
  LifecycleHooks?: List<ECSDeploymentLifecycleHook>;
  /** CanaryPercent 0.1..100 in steps of 0.1 (default 5); CanaryBakeTimeInMinutes 0..1440 (default 10). */
  CanaryConfiguration?: { CanaryPercent?: Value<number>; CanaryBakeTimeInMinutes?: Value<number> };
  /** StepPercent 3..100 in steps of 0.1 (default 10); StepBakeTimeInMinutes 0..1440 (default 6). */
  LinearConfiguration?: { StepPercent?: Value<number>; StepBakeTimeInMinutes?: Value<number> };
  /** HealthyPercent 0..100. */
  EarlySuccessCriteria?: { Enable?: Value<boolean>; HealthyPercent?: Value<number>; SourceServiceRevisionCleanup?: Value<'BLOCKING' | 'DEFERRED'> };
}
export interface ECSServiceManagedEBSVolumeConfiguration {
  RoleArn: Value<string>;
  Encrypted?: Value<boolean>;
  KmsKeyId?: Value<string>;
  VolumeType?: Value<string>;
  SizeInGiB?: Value<number>;
  SnapshotId?: Value<string>;
  Iops?: Value<number>;
  Throughput?: Value<number>;
  VolumeInitializationRate?: Value<number>;
  FilesystemType?: Value<string>;
  TagSpecifications?: List<{ ResourceType: Value<string>; PropagateTags?: Value<string>; Tags?: List<ResourceTag> }>;
}
export interface ECSServiceProperties
  extends Omit<ecsService.ServiceProperties, 'ServiceConnectConfiguration' | 'LoadBalancers' | 'DeploymentConfiguration'> {
  ServiceConnectConfiguration?: ECSServiceConnectConfiguration;
  LoadBalancers?: List<ECSServiceLoadBalancer>;
  DeploymentConfiguration?: ECSDeploymentConfiguration;
  /** 'ENABLED' | 'DISABLED'. */
  AvailabilityZoneRebalancing?: Value<string>;
  /** Volumes of the task definition marked ConfiguredAtLaunch. */
  VolumeConfigurations?: List<{ Name: Value<string>; ManagedEBSVolume?: ECSServiceManagedEBSVolumeConfiguration }>;
  VpcLatticeConfigurations?: List<{ TargetGroupArn: Value<string>; PortName: Value<string>; RoleArn: Value<string> }>;
  ForceNewDeployment?: { EnableForceNewDeployment: Value<boolean>; ForceNewDeploymentNonce?: Value<string> };
  Monitoring?: { MetricConfigurations: List<{ MetricNames: List<Value<string>>; ResolutionSeconds: Value<number> }> };
}

// ================================================================================================================
// AWS::ECS::TaskDefinition
// Upstream lacks: EnableFaultInjection; ContainerDefinition.RestartPolicy/VersionConsistency/CredentialSpecs;
// Volume.ConfiguredAtLaunch/FSxWindowsFileServerVolumeConfiguration/S3FilesVolumeConfiguration.

export interface ECSContainerRestartPolicy {
  Enabled?: Value<boolean>;
  IgnoredExitCodes?: List<Value<number>>;
  RestartAttemptPeriod?: Value<number>;
}
export interface ECSContainerDefinition extends ecsTaskDefinition.ContainerDefinition {
  RestartPolicy?: ECSContainerRestartPolicy;
  /** 'enabled' | 'disabled': resolve the image tag to a digest at deployment. */
  VersionConsistency?: Value<string>;
  CredentialSpecs?: List<Value<string>>;
}
export interface ECSTaskVolume extends ecsTaskDefinition.Volume {
  /** The volume is configured by the service (VolumeConfigurations), e.g. an EBS volume. */
  ConfiguredAtLaunch?: Value<boolean>;
  FSxWindowsFileServerVolumeConfiguration?: {
    FileSystemId: Value<string>;
    RootDirectory: Value<string>;
    AuthorizationConfig?: { CredentialsParameter: Value<string>; Domain: Value<string> };
  };
  S3FilesVolumeConfiguration?: {
    FileSystemArn: Value<string>;
    AccessPointArn?: Value<string>;
    RootDirectory?: Value<string>;
    TransitEncryptionPort?: Value<number>;
  };
}
export interface ECSTaskDefinitionProperties
  extends Omit<ecsTaskDefinition.TaskDefinitionProperties, 'ContainerDefinitions' | 'Volumes'> {
  ContainerDefinitions?: List<ECSContainerDefinition>;
  Volumes?: List<ECSTaskVolume>;
  EnableFaultInjection?: Value<boolean>;
}

// ================================================================================================================
// AWS::ECS::Cluster — upstream lacks Configuration.ManagedStorageConfiguration (KMS keys for Fargate ephemeral/EBS storage).

export interface ECSClusterConfiguration extends ecsCluster.ClusterConfiguration {
  ManagedStorageConfiguration?: { FargateEphemeralStorageKmsKeyId?: Value<string>; KmsKeyId?: Value<string> };
}
export interface ECSClusterProperties extends Omit<ecsCluster.ClusterProperties, 'Configuration'> {
  Configuration?: ECSClusterConfiguration;
}

// ================================================================================================================
// AWS::ECS::CapacityProvider
// Upstream lacks: ClusterName, ManagedInstancesProvider (ECS Managed Instances), AutoScalingGroupProvider.ManagedDraining;
// and has AutoScalingGroupProvider required (it is optional now: one of the two providers).

export interface ECSInstanceRequirementsRequest {
  VCpuCount: { Min: Value<number>; Max?: Value<number> };
  MemoryMiB: { Min: Value<number>; Max?: Value<number> };
  CpuManufacturers?: List<Value<string>>;
  MemoryGiBPerVCpu?: { Min?: Value<number>; Max?: Value<number> };
  ExcludedInstanceTypes?: List<Value<string>>;
  AllowedInstanceTypes?: List<Value<string>>;
  InstanceGenerations?: List<Value<string>>;
  SpotMaxPricePercentageOverLowestPrice?: Value<number>;
  OnDemandMaxPricePercentageOverLowestPrice?: Value<number>;
  MaxSpotPriceAsPercentageOfOptimalOnDemandPrice?: Value<number>;
  BareMetal?: Value<string>;
  BurstablePerformance?: Value<string>;
  RequireHibernateSupport?: Value<boolean>;
  NetworkInterfaceCount?: { Min?: Value<number>; Max?: Value<number> };
  LocalStorage?: Value<string>;
  LocalStorageTypes?: List<Value<string>>;
  TotalLocalStorageGB?: { Min?: Value<number>; Max?: Value<number> };
  BaselineEbsBandwidthMbps?: { Min?: Value<number>; Max?: Value<number> };
  AcceleratorTypes?: List<Value<string>>;
  AcceleratorCount?: { Min?: Value<number>; Max?: Value<number> };
  AcceleratorManufacturers?: List<Value<string>>;
  AcceleratorNames?: List<Value<string>>;
  AcceleratorTotalMemoryMiB?: { Min?: Value<number>; Max?: Value<number> };
  NetworkBandwidthGbps?: { Min?: Value<number>; Max?: Value<number> };
}
export interface ECSManagedInstancesProvider {
  InfrastructureRoleArn: Value<string>;
  InstanceLaunchTemplate: {
    Ec2InstanceProfileArn: Value<string>;
    NetworkConfiguration: { Subnets: List<Value<string>>; SecurityGroups: List<Value<string>> };
    StorageConfiguration?: { StorageSizeGiB: Value<number> };
    InstanceRequirements?: ECSInstanceRequirementsRequest;
    /** 'ON_DEMAND' | 'SPOT' | ... */
    CapacityOptionType?: Value<string>;
    CapacityReservations?: { ReservationGroupArn?: Value<string>; ReservationPreference?: Value<string> };
    LocalStorageConfiguration?: { UseLocalStorage?: Value<boolean> };
    /** 'BASIC' | 'DETAILED'. */
    Monitoring?: Value<string>;
    FipsEnabled?: Value<boolean>;
    InstanceMetadataTagsPropagation?: Value<boolean>;
  };
  PropagateTags?: Value<string>;
  InfrastructureOptimization?: { ScaleInAfter?: Value<number> };
  AutoRepairConfiguration?: { ActionsStatus?: Value<string> };
}
export interface ECSAutoScalingGroupProvider extends ecsCapacityProvider.AutoScalingGroupProvider {
  /** 'ENABLED' | 'DISABLED'. */
  ManagedDraining?: Value<string>;
}
export interface ECSCapacityProviderProperties
  extends Omit<ecsCapacityProvider.CapacityProviderProperties, 'AutoScalingGroupProvider'> {
  AutoScalingGroupProvider?: ECSAutoScalingGroupProvider;
  ManagedInstancesProvider?: ECSManagedInstancesProvider;
  /** Required with ManagedInstancesProvider. */
  ClusterName?: Value<string>;
}

// ================================================================================================================
// AWS::ECS::ClusterCapacityProviderAssociations — upstream requires CapacityProviders; the schema makes it optional
// (only Cluster and DefaultCapacityProviderStrategy are required).

export interface ECSClusterCapacityProviderAssociationsProperties
  extends Omit<ecsClusterCpAssociations.ClusterCapacityProviderAssociationsProperties, 'CapacityProviders'> {
  CapacityProviders?: List<Value<string>>;
}

// ================================================================================================================
// AWS::ECS::TaskSet — upstream lacks CapacityProviderStrategy and Tags.

export interface ECSTaskSetProperties extends ecsTaskSet.TaskSetProperties {
  CapacityProviderStrategy?: List<{ CapacityProvider?: Value<string>; Base?: Value<number>; Weight?: Value<number> }>;
  Tags?: List<ResourceTag>;
}

// ================================================================================================================
// AWS::ElasticLoadBalancingV2::LoadBalancer
// Upstream lacks: MinimumLoadBalancerCapacity (LCU reservation), EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic,
// EnablePrefixForIpv6SourceNat, Ipv4IpamPoolId, EnableCapacityReservationProvisionStabilize;
// SubnetMapping.SourceNatIpv6Prefix.

export interface ELBv2SubnetMapping extends elbLoadBalancer.SubnetMapping {
  SourceNatIpv6Prefix?: Value<string>;
}
export interface ELBv2LoadBalancerProperties extends Omit<elbLoadBalancer.LoadBalancerProperties, 'SubnetMappings'> {
  SubnetMappings?: List<ELBv2SubnetMapping>;
  MinimumLoadBalancerCapacity?: { CapacityUnits: Value<number> };
  /** NLB only: 'on' | 'off'. */
  EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic?: Value<string>;
  /** NLB UDP dualstack: 'on' | 'off'. */
  EnablePrefixForIpv6SourceNat?: Value<string>;
  Ipv4IpamPoolId?: Value<string>;
  EnableCapacityReservationProvisionStabilize?: Value<boolean>;
}

// ================================================================================================================
// AWS::ElasticLoadBalancingV2::Listener
// Upstream lacks: MutualAuthentication (mTLS), ListenerAttributes, Tags; Action.JwtValidationConfig.

export interface ELBv2JwtValidationConfig {
  JwksEndpoint: Value<string>;
  Issuer: Value<string>;
  AdditionalClaims?: List<{ Name: Value<string>; Format: Value<string>; Values: List<Value<string>> }>;
}
export interface ELBv2ListenerAction extends elbListener.Action {
  /** With Type 'jwt-validation'. */
  JwtValidationConfig?: ELBv2JwtValidationConfig;
}
export interface ELBv2ListenerProperties extends Omit<elbListener.ListenerProperties, 'DefaultActions'> {
  DefaultActions: List<ELBv2ListenerAction>;
  /** Mode: 'off' | 'passthrough' | 'verify'. */
  MutualAuthentication?: {
    Mode?: Value<string>;
    TrustStoreArn?: Value<string>;
    IgnoreClientCertificateExpiry?: Value<boolean>;
    AdvertiseTrustStoreCaNames?: Value<string>;
  };
  ListenerAttributes?: List<{ Key?: Value<string>; Value?: Value<string> }>;
  Tags?: List<ResourceTag>;
}

// ================================================================================================================
// AWS::ElasticLoadBalancingV2::ListenerRule
// Upstream lacks: Transforms (host-header / URL rewrite), Tags; Action.JwtValidationConfig; RuleCondition.RegexValues,
// (HttpHeader|HostHeader|PathPattern)Config.RegexValues, SourceIpConfig.IpAddressType.

export interface ELBv2ListenerRuleAction extends elbListenerRule.Action {
  JwtValidationConfig?: ELBv2JwtValidationConfig;
}
export interface ELBv2RuleCondition
  extends Omit<elbListenerRule.RuleCondition, 'HttpHeaderConfig' | 'HostHeaderConfig' | 'PathPatternConfig' | 'SourceIpConfig'> {
  HttpHeaderConfig?: elbListenerRule.HttpHeaderConfig & { RegexValues?: List<Value<string>> };
  HostHeaderConfig?: elbListenerRule.HostHeaderConfig & { RegexValues?: List<Value<string>> };
  PathPatternConfig?: elbListenerRule.PathPatternConfig & { RegexValues?: List<Value<string>> };
  SourceIpConfig?: elbListenerRule.SourceIpConfig & { IpAddressType?: Value<string> };
  RegexValues?: List<Value<string>>;
}
export interface ELBv2RuleTransform {
  /** 'host-header-rewrite' | 'url-rewrite'. */
  Type: Value<string>;
  HostHeaderRewriteConfig?: { Rewrites: List<{ Regex: Value<string>; Replace: Value<string> }> };
  UrlRewriteConfig?: { Rewrites: List<{ Regex: Value<string>; Replace: Value<string> }> };
}
export interface ELBv2ListenerRuleProperties extends Omit<elbListenerRule.ListenerRuleProperties, 'Actions' | 'Conditions'> {
  Actions: List<ELBv2ListenerRuleAction>;
  Conditions: List<ELBv2RuleCondition>;
  Transforms?: List<ELBv2RuleTransform>;
  Tags?: List<ResourceTag>;
}

// ================================================================================================================
// AWS::ElasticLoadBalancingV2::TargetGroup — upstream lacks TargetControlPort and TargetDescription.QuicServerId.

export interface ELBv2TargetGroupProperties extends Omit<elbTargetGroup.TargetGroupProperties, 'Targets'> {
  Targets?: List<elbTargetGroup.TargetDescription & { QuicServerId?: Value<string> }>;
  TargetControlPort?: Value<number>;
}

// ================================================================================================================
// AWS::EC2::VPC — upstream lacks VpcEncryptionControl (VPC encryption controls; only the writable members here).

export interface EC2VPCProperties extends ec2Vpc.VPCProperties {
  VpcEncryptionControl?: {
    /** 'monitor' | 'enforce'. */
    Mode?: Value<string>;
    /** Each: 'enable' | 'disable'. */
    InternetGatewayExclusion?: Value<string>;
    EgressOnlyInternetGatewayExclusion?: Value<string>;
    NatGatewayExclusion?: Value<string>;
    VirtualPrivateGatewayExclusion?: Value<string>;
    VpcPeeringExclusion?: Value<string>;
    LambdaExclusion?: Value<string>;
    VpcLatticeExclusion?: Value<string>;
    ElasticFileSystemExclusion?: Value<string>;
  };
}

// ================================================================================================================
// AWS::EC2::Subnet — upstream lacks Ipv4IpamPoolId, Ipv6IpamPoolId (with Ipv4NetmaskLength/Ipv6NetmaskLength), EnableLniAtDeviceIndex.

export interface EC2SubnetProperties extends ec2Subnet.SubnetProperties {
  Ipv4IpamPoolId?: Value<string>;
  Ipv6IpamPoolId?: Value<string>;
  EnableLniAtDeviceIndex?: Value<number>;
}

// ================================================================================================================
// AWS::EC2::VPCEndpoint
// Upstream lacks: IpAddressType, DnsOptions, ServiceRegion (cross-region), ResourceConfigurationArn and
// ServiceNetworkArn (VPC Lattice endpoint types), Tags; and requires ServiceName (optional for those endpoint types).

export interface EC2VPCEndpointProperties extends Omit<ec2VpcEndpoint.VPCEndpointProperties, 'ServiceName'> {
  ServiceName?: Value<string>;
  /** 'ipv4' | 'ipv6' | 'dualstack'. */
  IpAddressType?: Value<string>;
  DnsOptions?: {
    DnsRecordIpType?: Value<string>;
    PrivateDnsOnlyForInboundResolverEndpoint?: Value<string>;
    PrivateDnsPreference?: Value<string>;
    PrivateDnsSpecifiedDomains?: List<Value<string>>;
  };
  ServiceRegion?: Value<string>;
  ResourceConfigurationArn?: Value<string>;
  ServiceNetworkArn?: Value<string>;
  Tags?: List<ResourceTag>;
}

// ================================================================================================================
// AWS::EC2::FlowLog — upstream lacks TagFieldSpecifications (resource tags in flow log records).

export interface EC2FlowLogProperties extends ec2FlowLog.FlowLogProperties {
  TagFieldSpecifications?: List<{ ResourceType: Value<string>; TagKeys: List<Value<string>> }>;
}

// ================================================================================================================
// AWS::EC2::NatGateway
// Upstream lacks: AvailabilityMode ('zonal' | 'regional'), VpcId, AvailabilityZoneAddresses (regional NAT gateways);
// and requires SubnetId (not used by regional NAT gateways).

export interface EC2NatGatewayProperties extends Omit<ec2NatGateway.NatGatewayProperties, 'SubnetId'> {
  SubnetId?: Value<string>;
  AvailabilityMode?: Value<string>;
  VpcId?: Value<string>;
  AvailabilityZoneAddresses?: List<{
    AllocationIds: List<Value<string>>;
    AvailabilityZone?: Value<string>;
    AvailabilityZoneId?: Value<string>;
  }>;
}

// ================================================================================================================
// AWS::EC2::EIP — upstream lacks IpamPoolId and Address (allocate from an IPAM pool / a specific address).

export interface EC2EIPProperties extends ec2Eip.EIPProperties {
  IpamPoolId?: Value<string>;
  Address?: Value<string>;
}

// ================================================================================================================
// AWS::EC2::LaunchTemplate (LaunchTemplateData)
// Upstream lacks: NetworkPerformanceOptions; BlockDeviceMappings[].Ebs.VolumeInitializationRate/EbsCardIndex;
// NetworkInterfaces[].EnaQueueCount/EnaSrdSpecification/ConnectionTrackingSpecification; CpuOptions.NestedVirtualization;
// InstanceRequirements.MaxSpotPriceAsPercentageOfOptimalOnDemandPrice/BaselinePerformanceFactors.

export interface EC2PerformanceFactorReference { InstanceFamily?: Value<string> }
export interface EC2LaunchTemplateBlockDeviceMapping extends Omit<ec2LaunchTemplate.BlockDeviceMapping, 'Ebs'> {
  Ebs?: ec2LaunchTemplate.Ebs & { VolumeInitializationRate?: Value<number>; EbsCardIndex?: Value<number> };
}
export interface EC2LaunchTemplateNetworkInterface extends ec2LaunchTemplate.NetworkInterface {
  EnaQueueCount?: Value<number>;
  EnaSrdSpecification?: { EnaSrdEnabled?: Value<boolean>; EnaSrdUdpSpecification?: { EnaSrdUdpEnabled?: Value<boolean> } };
  ConnectionTrackingSpecification?: {
    TcpEstablishedTimeout?: Value<number>;
    UdpStreamTimeout?: Value<number>;
    UdpTimeout?: Value<number>;
  };
}
export interface EC2LaunchTemplateData
  extends Omit<ec2LaunchTemplate.LaunchTemplateData, 'BlockDeviceMappings' | 'NetworkInterfaces' | 'CpuOptions' | 'InstanceRequirements'> {
  BlockDeviceMappings?: List<EC2LaunchTemplateBlockDeviceMapping>;
  NetworkInterfaces?: List<EC2LaunchTemplateNetworkInterface>;
  CpuOptions?: ec2LaunchTemplate.CpuOptions & { NestedVirtualization?: Value<string> };
  InstanceRequirements?: ec2LaunchTemplate.InstanceRequirements & {
    MaxSpotPriceAsPercentageOfOptimalOnDemandPrice?: Value<number>;
    BaselinePerformanceFactors?: { Cpu?: { References?: List<EC2PerformanceFactorReference> } };
  };
  /** BandwidthWeighting: 'default' | 'vpc-1' | 'ebs-1'. */
  NetworkPerformanceOptions?: { BandwidthWeighting?: Value<string> };
}
export interface EC2LaunchTemplateProperties extends Omit<ec2LaunchTemplate.LaunchTemplateProperties, 'LaunchTemplateData'> {
  LaunchTemplateData: EC2LaunchTemplateData;
}

// ================================================================================================================
// AWS::Logs::LogGroup
// Upstream lacks: LogGroupClass ('STANDARD' | 'INFREQUENT_ACCESS' | 'DELIVERY'), DeletionProtectionEnabled,
// FieldIndexPolicies, ResourcePolicyDocument, BearerTokenAuthenticationEnabled.

export interface LogsLogGroupProperties extends logsLogGroup.LogGroupProperties {
  LogGroupClass?: Value<string>;
  DeletionProtectionEnabled?: Value<boolean>;
  FieldIndexPolicies?: List<Json>;
  ResourcePolicyDocument?: Json;
  BearerTokenAuthenticationEnabled?: Value<boolean>;
}

// ================================================================================================================
// AWS::KMS::Key — upstream lacks RotationPeriodInDays (custom automatic rotation period, 90-2560).

export interface KMSKeyProperties extends kmsKey.KeyProperties {
  RotationPeriodInDays?: Value<number>;
}

// ================================================================================================================
// AWS::ECR::PullThroughCacheRule
// Upstream lacks: CredentialArn (Docker Hub / GHCR / GitLab credentials in Secrets Manager), UpstreamRegistry,
// UpstreamRepositoryPrefix, CustomRoleArn (ECR-to-ECR caching).

export interface ECRPullThroughCacheRuleProperties extends ecrPullThroughCacheRule.PullThroughCacheRuleProperties {
  CredentialArn?: Value<string>;
  /** e.g. 'docker-hub' | 'github-container-registry' | 'ecr-public' | 'quay' | 'k8s' | 'gitlab-container-registry' | 'ecr' | ... */
  UpstreamRegistry?: Value<string>;
  UpstreamRepositoryPrefix?: Value<string>;
  CustomRoleArn?: Value<string>;
}

// ================================================================================================================
// AWS::ApplicationAutoScaling::ScalableTarget — upstream lacks Tags.

export interface AppAutoScalingScalableTargetProperties extends aasScalableTarget.ScalableTargetProperties {
  Tags?: List<ResourceTag>;
}

// ================================================================================================================
// AWS::ApplicationAutoScaling::ScalingPolicy
// Upstream lacks: PredictiveScalingPolicyConfiguration; CustomizedMetricSpecification.Metrics (metric math), and
// requires CustomizedMetricSpecification.MetricName/Namespace/Statistic (optional when Metrics is used).

export interface AppAutoScalingMetricDataQuery<Stat> {
  Id?: Value<string>;
  Expression?: Value<string>;
  Label?: Value<string>;
  ReturnData?: Value<boolean>;
  MetricStat?: Stat;
}
export interface AppAutoScalingMetricStat {
  Metric?: {
    MetricName?: Value<string>;
    Namespace?: Value<string>;
    Dimensions?: List<{ Name?: Value<string>; Value?: Value<string> }>;
  };
  Stat?: Value<string>;
  Unit?: Value<string>;
}
export interface AppAutoScalingCustomizedMetricSpecification
  extends Omit<aasScalingPolicy.CustomizedMetricSpecification, 'MetricName' | 'Namespace' | 'Statistic'> {
  MetricName?: Value<string>;
  Namespace?: Value<string>;
  Statistic?: Value<string>;
  Metrics?: List<AppAutoScalingMetricDataQuery<AppAutoScalingMetricStat>>;
}
export interface AppAutoScalingTargetTrackingScalingPolicyConfiguration
  extends Omit<aasScalingPolicy.TargetTrackingScalingPolicyConfiguration, 'CustomizedMetricSpecification'> {
  CustomizedMetricSpecification?: AppAutoScalingCustomizedMetricSpecification;
}
export interface AppAutoScalingPredictiveScalingMetricSpecification {
  TargetValue: Value<number>;
  PredefinedMetricPairSpecification?: { PredefinedMetricType: Value<string>; ResourceLabel?: Value<string> };
  PredefinedLoadMetricSpecification?: { PredefinedMetricType: Value<string>; ResourceLabel?: Value<string> };
  PredefinedScalingMetricSpecification?: { PredefinedMetricType: Value<string>; ResourceLabel?: Value<string> };
  CustomizedLoadMetricSpecification?: { MetricDataQueries: List<AppAutoScalingMetricDataQuery<AppAutoScalingMetricStat>> };
  CustomizedScalingMetricSpecification?: { MetricDataQueries: List<AppAutoScalingMetricDataQuery<AppAutoScalingMetricStat>> };
  CustomizedCapacityMetricSpecification?: { MetricDataQueries: List<AppAutoScalingMetricDataQuery<AppAutoScalingMetricStat>> };
}
export interface AppAutoScalingScalingPolicyProperties
  extends Omit<aasScalingPolicy.ScalingPolicyProperties, 'TargetTrackingScalingPolicyConfiguration'> {
  TargetTrackingScalingPolicyConfiguration?: AppAutoScalingTargetTrackingScalingPolicyConfiguration;
  /** With PolicyType 'PredictiveScaling' (ECS services). Mode: 'ForecastOnly' | 'ForecastAndScale'. */
  PredictiveScalingPolicyConfiguration?: {
    MetricSpecifications: List<AppAutoScalingPredictiveScalingMetricSpecification>;
    Mode?: Value<string>;
    SchedulingBufferTime?: Value<number>;
    MaxCapacityBreachBehavior?: Value<string>;
    MaxCapacityBuffer?: Value<number>;
  };
}

// ================================================================================================================
// AWS::CloudWatch::Alarm
// Upstream lacks: Tags, EvaluationCriteria (PromQL alarms), EvaluationInterval, EvaluationWindow, WarmUpConfiguration;
// and requires ComparisonOperator/EvaluationPeriods (optional for PromQL alarms).

export interface CloudWatchAlarmProperties
  extends Omit<cwAlarm.AlarmProperties, 'ComparisonOperator' | 'EvaluationPeriods'> {
  ComparisonOperator?: Value<string>;
  EvaluationPeriods?: Value<number>;
  Tags?: List<ResourceTag>;
  EvaluationCriteria?: {
    PromQLCriteria?: { Query?: Value<string>; PendingPeriod?: Value<number>; RecoveryPeriod?: Value<number> };
  };
  EvaluationInterval?: Value<number>;
  EvaluationWindow?: { WallClockWindow?: { Timezone?: Value<string> }; SlidingWindow?: Json };
  WarmUpConfiguration?: {
    WarmUpPeriodDurationInMinutes?: Value<number>;
    OnlyStartEvaluatingAfterWarmUpPeriodEnds?: Value<boolean>;
  };
}

// ================================================================================================================
// AWS::SNS::Topic — upstream lacks DeliveryStatusLogging, FifoThroughputScope ('Topic' | 'MessageGroup'), MaximumMessageSize.

export interface SNSTopicProperties extends snsTopic.TopicProperties {
  DeliveryStatusLogging?: List<{
    /** 'http/s' | 'sqs' | 'lambda' | 'firehose' | 'application'. */
    Protocol: Value<string>;
    SuccessFeedbackRoleArn?: Value<string>;
    SuccessFeedbackSampleRate?: Value<string>;
    FailureFeedbackRoleArn?: Value<string>;
  }>;
  FifoThroughputScope?: Value<string>;
  MaximumMessageSize?: Value<number>;
}

// ================================================================================================================
// AWS::CodeDeploy::DeploymentGroup — upstream lacks TerminationHookEnabled.

export interface CodeDeployDeploymentGroupProperties extends cdDeploymentGroup.DeploymentGroupProperties {
  TerminationHookEnabled?: Value<boolean>;
}

// ================================================================================================================
// AWS::S3::Bucket
// Upstream lacks: AbacStatus, BucketNamespace/BucketNamePrefix (account-regional bucket namespace);
// LoggingConfiguration.TargetObjectKeyFormat (partitioned access-log keys); LifecycleConfiguration.TransitionDefaultMinimumObjectSize;
// BucketEncryption.ServerSideEncryptionConfiguration[].BlockedEncryptionTypes (e.g. block SSE-C).

export interface S3ServerSideEncryptionRule extends s3Bucket.ServerSideEncryptionRule {
  BlockedEncryptionTypes?: { EncryptionType?: List<Value<string>> };
}
export interface S3BucketProperties
  extends Omit<s3Bucket.BucketProperties, 'BucketEncryption' | 'LoggingConfiguration' | 'LifecycleConfiguration'> {
  BucketEncryption?: { ServerSideEncryptionConfiguration: List<S3ServerSideEncryptionRule> };
  LoggingConfiguration?: s3Bucket.LoggingConfiguration & {
    /** Exactly one of SimplePrefix ({}) or PartitionedPrefix. PartitionDateSource: 'EventTime' | 'DeliveryTime'. */
    TargetObjectKeyFormat?: { SimplePrefix?: Json; PartitionedPrefix?: { PartitionDateSource?: Value<string> } };
  };
  LifecycleConfiguration?: s3Bucket.LifecycleConfiguration & {
    /** 'varies_by_storage_class' | 'all_storage_classes_128K'. */
    TransitionDefaultMinimumObjectSize?: Value<string>;
  };
  /** 'Enabled' | 'Disabled'. */
  AbacStatus?: Value<string>;
  /** 'global' | 'account-regional'. */
  BucketNamespace?: Value<string>;
  BucketNamePrefix?: Value<string>;
}

// ================================================================================================================
// AWS::AutoScaling::AutoScalingGroup
// Upstream lacks: TrafficSources, InstanceMaintenancePolicy, DeletionProtection, AvailabilityZoneDistribution,
// AvailabilityZoneImpairmentPolicy, AvailabilityZoneIds, CapacityReservationSpecification, InstanceLifecyclePolicy,
// SkipZonalShiftValidation; MixedInstancesPolicy.InstancesDistribution.DistributionSegments;
// MixedInstancesPolicy.LaunchTemplate.Overrides[].ImageId and InstanceRequirements.MaxSpotPriceAsPercentageOfOptimalOnDemandPrice/
// BaselinePerformanceFactors.

export interface ASGLaunchTemplateOverrides extends Omit<asgGroup.LaunchTemplateOverrides, 'InstanceRequirements'> {
  ImageId?: Value<string>;
  InstanceRequirements?: asgGroup.InstanceRequirements & {
    MaxSpotPriceAsPercentageOfOptimalOnDemandPrice?: Value<number>;
    BaselinePerformanceFactors?: { Cpu?: { References?: List<EC2PerformanceFactorReference> } };
  };
}
export interface ASGMixedInstancesPolicy extends Omit<asgGroup.MixedInstancesPolicy, 'InstancesDistribution' | 'LaunchTemplate'> {
  InstancesDistribution?: asgGroup.InstancesDistribution & {
    DistributionSegments?: List<{ TargetCapacityTypes: List<Value<string>> }>;
  };
  LaunchTemplate: Omit<asgGroup.LaunchTemplate, 'Overrides'> & { Overrides?: List<ASGLaunchTemplateOverrides> };
}
export interface ASGAutoScalingGroupProperties extends Omit<asgGroup.AutoScalingGroupProperties, 'MixedInstancesPolicy'> {
  MixedInstancesPolicy?: ASGMixedInstancesPolicy;
  /** Type: e.g. 'elbv2' | 'vpc-lattice'. */
  TrafficSources?: List<{ Type: Value<string>; Identifier: Value<string> }>;
  InstanceMaintenancePolicy?: { MinHealthyPercentage?: Value<number>; MaxHealthyPercentage?: Value<number> };
  /** 'none' | 'prevent-force-deletion' | 'prevent-all-deletion'. */
  DeletionProtection?: Value<string>;
  /** CapacityDistributionStrategy: 'balanced-only' | 'balanced-best-effort'. */
  AvailabilityZoneDistribution?: { CapacityDistributionStrategy?: Value<string> };
  AvailabilityZoneImpairmentPolicy?: { ZonalShiftEnabled: Value<boolean>; ImpairedZoneHealthCheckBehavior: Value<string> };
  AvailabilityZoneIds?: List<Value<string>>;
  CapacityReservationSpecification?: {
    CapacityReservationPreference: Value<string>;
    CapacityReservationTarget?: {
      CapacityReservationIds?: List<Value<string>>;
      CapacityReservationResourceGroupArns?: List<Value<string>>;
    };
  };
  InstanceLifecyclePolicy?: { RetentionTriggers?: { TerminateHookAbandon?: Value<string> } };
  SkipZonalShiftValidation?: Value<boolean>;
}

// ================================================================================================================

/**
 * Patched Properties types, keyed by CloudFormation type. Takes precedence over the generated ResourcePropsMap
 * (dsl/spec/resource-types.ts); drop an entry (and its interfaces above) once cloudform-types catches up.
 */
export interface PatchedResourcePropsMap {
  'AWS::ECS::Service': ECSServiceProperties; // + AvailabilityZoneRebalancing, VolumeConfigurations, VpcLattice, SC Tls/Timeout/AccessLog, deployment strategies/hooks, ...
  'AWS::ECS::TaskDefinition': ECSTaskDefinitionProperties; // + ContainerDefinitions[].RestartPolicy/VersionConsistency, Volumes[].ConfiguredAtLaunch, EnableFaultInjection
  'AWS::ECS::Cluster': ECSClusterProperties; // + Configuration.ManagedStorageConfiguration
  'AWS::ECS::CapacityProvider': ECSCapacityProviderProperties; // + ManagedInstancesProvider, ClusterName, ManagedDraining
  'AWS::ECS::ClusterCapacityProviderAssociations': ECSClusterCapacityProviderAssociationsProperties; // CapacityProviders optional
  'AWS::ECS::TaskSet': ECSTaskSetProperties; // + CapacityProviderStrategy, Tags
  'AWS::ElasticLoadBalancingV2::LoadBalancer': ELBv2LoadBalancerProperties; // + MinimumLoadBalancerCapacity, PrivateLink SG enforcement, IPAM, ...
  'AWS::ElasticLoadBalancingV2::Listener': ELBv2ListenerProperties; // + MutualAuthentication, ListenerAttributes, Tags, JWT validation
  'AWS::ElasticLoadBalancingV2::ListenerRule': ELBv2ListenerRuleProperties; // + Transforms, RegexValues, Tags, JWT validation
  'AWS::ElasticLoadBalancingV2::TargetGroup': ELBv2TargetGroupProperties; // + TargetControlPort, Targets[].QuicServerId
  'AWS::EC2::VPC': EC2VPCProperties; // + VpcEncryptionControl
  'AWS::EC2::Subnet': EC2SubnetProperties; // + Ipv4IpamPoolId, Ipv6IpamPoolId, EnableLniAtDeviceIndex
  'AWS::EC2::VPCEndpoint': EC2VPCEndpointProperties; // + IpAddressType, DnsOptions, ServiceRegion, Lattice endpoints, Tags
  'AWS::EC2::FlowLog': EC2FlowLogProperties; // + TagFieldSpecifications
  'AWS::EC2::NatGateway': EC2NatGatewayProperties; // + regional NAT gateway (AvailabilityMode, VpcId, AvailabilityZoneAddresses)
  'AWS::EC2::EIP': EC2EIPProperties; // + IpamPoolId, Address
  'AWS::EC2::LaunchTemplate': EC2LaunchTemplateProperties; // + LaunchTemplateData nested extras
  'AWS::Logs::LogGroup': LogsLogGroupProperties; // + LogGroupClass, DeletionProtectionEnabled, FieldIndexPolicies, ...
  'AWS::KMS::Key': KMSKeyProperties; // + RotationPeriodInDays
  'AWS::ECR::PullThroughCacheRule': ECRPullThroughCacheRuleProperties; // + CredentialArn, UpstreamRegistry, ...
  'AWS::ApplicationAutoScaling::ScalableTarget': AppAutoScalingScalableTargetProperties; // + Tags
  'AWS::ApplicationAutoScaling::ScalingPolicy': AppAutoScalingScalingPolicyProperties; // + PredictiveScaling, metric math
  'AWS::CloudWatch::Alarm': CloudWatchAlarmProperties; // + Tags, PromQL criteria, evaluation window/warm-up
  'AWS::SNS::Topic': SNSTopicProperties; // + DeliveryStatusLogging, FifoThroughputScope, MaximumMessageSize
  'AWS::CodeDeploy::DeploymentGroup': CodeDeployDeploymentGroupProperties; // + TerminationHookEnabled
  'AWS::S3::Bucket': S3BucketProperties; // + AbacStatus, BucketNamespace, TargetObjectKeyFormat, BlockedEncryptionTypes, ...
  'AWS::AutoScaling::AutoScalingGroup': ASGAutoScalingGroupProperties; // + TrafficSources, InstanceMaintenancePolicy, ...
}
