/** Reading IAM documents as they appear in resource inputs: JSON strings or objects. */
export interface Statement {
  Sid?: string;
  Effect?: string;
  Principal?: unknown;
  Action?: string | string[];
  NotAction?: string | string[];
  Resource?: string | string[];
  NotResource?: string | string[];
  Condition?: Record<string, Record<string, string | string[]>>;
}

export function statementsOf(document: unknown): Statement[] {
  let parsed = document;
  if (typeof document === 'string') {
    try {
      parsed = JSON.parse(document);
    } catch {
      return [];
    }
  }
  const statements = (parsed as { Statement?: Statement | Statement[] } | undefined)?.Statement;
  return statements === undefined ? [] : [statements].flat();
}

export const list = (value: string | string[] | undefined) => (value === undefined ? [] : [value].flat());

/** Whether an action pattern such as `s3:Get*` matches an action, case-insensitively as IAM does. */
export function actionMatches(pattern: string, action: string): boolean {
  const regex = new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`, 'i');
  return regex.test(action);
}

/** Actions that read or change data, rather than settings: a wildcard covering one grants data access. */
export const DATA_ACTIONS = [
  's3:GetObject',
  's3:PutObject',
  's3:DeleteObject',
  's3:GetObjectVersion',
  'secretsmanager:GetSecretValue',
  'secretsmanager:PutSecretValue',
  'kms:Decrypt',
  'kms:GenerateDataKey',
  'ssm:GetParameter',
  'dynamodb:GetItem',
  'dynamodb:Query',
  'dynamodb:Scan',
  'dynamodb:PutItem',
  'sqs:ReceiveMessage',
  'sqs:SendMessage',
  'logs:GetLogEvents',
  'ecr:BatchGetImage',
  'ecr:PutImage',
];

/**
 * Actions AWS does not scope to a resource, so `"Resource": "*"` is what the service requires:
 * read-only describes and listings (none of which reads data), and a few creates and logins.
 */
const UNSCOPED_ACTIONS = [/^[a-z0-9-]+:(Describe|List)[A-Za-z0-9*]*$/, /^[a-z0-9-]+:Get[A-Za-z0-9]*$/, /^s3:Get(Bucket\*|\*Configuration)$/];
const UNSCOPED_EXACT = ['ecr:GetAuthorizationToken', 'kms:CreateKey', 'route53:CreateHostedZone', 'pricing:GetProducts', 'sts:GetCallerIdentity', 'eks:DescribeAddonVersions'];

export function requiresAnyResource(action: string): boolean {
  if (UNSCOPED_EXACT.includes(action)) return true;
  if (DATA_ACTIONS.some((data) => actionMatches(action, data))) return false;
  return UNSCOPED_ACTIONS.some((pattern) => pattern.test(action));
}
