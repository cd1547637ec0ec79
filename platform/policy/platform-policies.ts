import * as aws from '@pulumi/aws';
import { type ResourceValidationPolicy, validateResourceOfType } from '@pulumi/policy';

/** Release pins name one image forever and every image is scanned. */
export const immutableScannedRegistry: ResourceValidationPolicy = {
  name: 'ecr-immutable-scanned',
  description: 'ECR repositories have immutable tags and scan every push.',
  validateResource: validateResourceOfType(aws.ecr.Repository, (repository, _args, report) => {
    if (repository.imageTagMutability !== 'IMMUTABLE') report(`repository ${repository.name} has mutable tags, so a pinned tag could change image; fix: imageTagMutability "IMMUTABLE"`);
    if (repository.imageScanningConfiguration?.scanOnPush !== true) report(`repository ${repository.name} does not scan on push; fix: imageScanningConfiguration { scanOnPush: true }`);
  }),
};

const REQUIRED_LOGS = ['api', 'audit', 'authenticator'];

/** Cluster Secrets are envelope-encrypted, the control plane logs, and access goes through access entries. */
export const hardenedCluster: ResourceValidationPolicy = {
  name: 'eks-encryption-and-logging',
  description: 'EKS clusters encrypt Secrets with KMS, send api/audit/authenticator logs, and use access entries (no aws-auth ConfigMap).',
  validateResource: validateResourceOfType(aws.eks.Cluster, (cluster, _args, report) => {
    const encrypted = [cluster.encryptionConfig ?? []].flat().some((config) => config?.resources?.includes('secrets'));
    if (!encrypted) report(`cluster ${cluster.name} does not envelope-encrypt Secrets; fix: encryptionConfig { resources: ["secrets"], provider: { keyArn } }`);
    const missing = REQUIRED_LOGS.filter((log) => !(cluster.enabledClusterLogTypes ?? []).includes(log));
    if (missing.length) report(`cluster ${cluster.name} does not log ${missing.join(', ')}; fix: add them to enabledClusterLogTypes`);
    if (cluster.accessConfig?.authenticationMode !== 'API') report(`cluster ${cluster.name} authenticates through the aws-auth ConfigMap; fix: accessConfig { authenticationMode: "API" } with access entries`);
  }),
};

const LOAD_BALANCER_PORTS = [80, 443];
const EVERYWHERE = ['0.0.0.0/0', '::/0'];

interface Rule {
  fromPort?: number;
  toPort?: number;
  cidrBlocks?: string[];
  ipv6CidrBlocks?: string[];
  cidrIpv4?: string;
  cidrIpv6?: string;
}

function openBeyondLoadBalancer(rule: Rule): string | undefined {
  const cidrs = [...(rule.cidrBlocks ?? []), ...(rule.ipv6CidrBlocks ?? []), rule.cidrIpv4, rule.cidrIpv6].filter(Boolean) as string[];
  if (!cidrs.some((cidr) => EVERYWHERE.includes(cidr))) return undefined;
  const from = rule.fromPort ?? 0;
  const to = rule.toPort ?? 65535;
  if (from === to && LOAD_BALANCER_PORTS.includes(from)) return undefined;
  return from === to ? `port ${from}` : `ports ${from}-${to}`;
}

/** The internet reaches only load balancers' HTTP and HTTPS ports. */
export const noOpenSecurityGroups: ResourceValidationPolicy = {
  name: 'sg-internet-only-on-load-balancer-ports',
  description: 'Security groups admit 0.0.0.0/0 (or ::/0) only on ports 80 and 443.',
  validateResource: (args, report) => {
    const props = args.props as { ingress?: Rule[]; type?: string; name?: string } & Rule;
    const rules = args.type === 'aws:ec2/securityGroup:SecurityGroup' ? (props.ingress ?? []) : args.type === 'aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule' || (args.type === 'aws:ec2/securityGroupRule:SecurityGroupRule' && props.type === 'ingress') ? [props] : [];
    for (const rule of rules) {
      const open = openBeyondLoadBalancer(rule);
      if (open) report(`${args.name} admits the whole internet on ${open}; fix: admit 0.0.0.0/0 only on 80/443 (a load balancer), and name the networks that need anything else`);
    }
  },
};
