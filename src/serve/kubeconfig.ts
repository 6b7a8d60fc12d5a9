/** A kubeconfig pointing real kubectl at the served cluster (plain HTTP on loopback, no credentials). */
export function kubeconfigFor(url: string, name = 'kubeplay'): string {
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    '- cluster:',
    `    server: ${url}`,
    `  name: ${name}`,
    'contexts:',
    '- context:',
    `    cluster: ${name}`,
    '    namespace: default',
    `    user: ${name}`,
    `  name: ${name}`,
    `current-context: ${name}`,
    'preferences: {}',
    'users:',
    `- name: ${name}`,
    '  user: {}',
    '',
  ].join('\n')
}
