import type { Program } from './types.ts'
import { registerImage, tagsOf } from './catalogue.ts'
import { commonTools, DEBIAN_TOOLS, serveForever } from './tools.ts'

const PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'

/** mysqld timestamps: `2025-01-06T09:00:05.123456Z`. */
function mysqlTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z')
}

const mysql: Program = function* (ctx) {
  const t = (): string => mysqlTime(ctx.now())
  const v = ctx.env.MYSQL_VERSION ?? '8.4.3-1.el9'
  ctx.out(`${t()} 0 [Note] [Entrypoint]: Entrypoint script for MySQL Server ${v} started.\n`)
  ctx.out(`${t()} 0 [Note] [Entrypoint]: Switching to dedicated user 'mysql'\n`)
  ctx.out(`${t()} 0 [Note] [Entrypoint]: Entrypoint script for MySQL Server ${v} started.\n`)
  const env = ctx.env
  if (
    !env.MYSQL_ROOT_PASSWORD &&
    !env.MYSQL_ALLOW_EMPTY_PASSWORD &&
    !env.MYSQL_RANDOM_ROOT_PASSWORD
  ) {
    ctx.err(
      `${t()} 0 [ERROR] [Entrypoint]: Database is uninitialized and password option is not specified\n    You need to specify one of the following as an environment variable:\n    - MYSQL_ROOT_PASSWORD\n    - MYSQL_ALLOW_EMPTY_PASSWORD\n    - MYSQL_RANDOM_ROOT_PASSWORD\n`,
    )
    return 1
  }
  ctx.out(`${t()} 0 [Note] [Entrypoint]: Initializing database files\n`)
  ctx.setUsage(5, 380 * 1024 * 1024)
  // Initialisation takes a while before the server accepts connections.
  yield { type: 'sleep', ms: 12_000 }
  ctx.out(`${t()} 0 [Note] [Entrypoint]: Database files initialized\n`)
  ctx.out(`${t()} 0 [Note] [Entrypoint]: MySQL init process done. Ready for start up.\n`)
  ctx.err(
    `${t()} 0 [System] [MY-010931] [Server] /usr/sbin/mysqld: ready for connections. Version: '${v.split('-')[0]}'  socket: '/var/run/mysqld/mysqld.sock'  port: 3306  MySQL Community Server - GPL.\n`,
  )
  ctx.listen(3306)
  ctx.listen(33060)
  ctx.setUsage(3, 450 * 1024 * 1024)
  return yield* serveForever()
}

registerImage({
  repository: 'docker.io/library/mysql',
  tags: tagsOf('docker.io/library/mysql', 170_582_330, [
    'latest',
    '9',
    '9.1',
    '8',
    '8.4',
    '8.4.3',
    '8.0',
    '8.0.40',
    '5.7',
    '5.7.44',
    '5.6',
    '5.6.51',
    'lts',
  ]),
  entrypoint: ['docker-entrypoint.sh'],
  cmd: ['mysqld'],
  tools: [...DEBIAN_TOOLS, 'mysql', 'mysqld', 'mysqladmin'],
  userland: 'gnu',

  shell: 'bash',
  bash: true,
  prompt: () => 'bash-5.1# ',
  programs: { ...commonTools('gnu'), 'docker-entrypoint.sh': mysql, mysqld: mysql },
  stop: { exits: 0 },
  env: (tag) => ({
    PATH,
    GOSU_VERSION: '1.17',
    MYSQL_MAJOR: tag.startsWith('5') ? tag.slice(0, 3) : 'innovation',
    MYSQL_VERSION: '8.4.3-1.el9',
  }),
})

const postgres: Program = function* (ctx) {
  const env = ctx.env
  if (!env.POSTGRES_PASSWORD && env.POSTGRES_HOST_AUTH_METHOD !== 'trust') {
    ctx.err(
      'Error: Database is uninitialized and superuser password is not specified.\n       You must specify POSTGRES_PASSWORD to a non-empty value for the\n       superuser. For example, "-e POSTGRES_PASSWORD=password" on "docker run".\n\n       You may also use "POSTGRES_HOST_AUTH_METHOD=trust" to allow all\n       connections without a password. This is *not* recommended.\n\n       See PostgreSQL documentation about "trust":\n       https://www.postgresql.org/docs/current/auth-trust.html\n',
    )
    return 1
  }
  ctx.out(
    'The files belonging to this database system will be owned by user "postgres".\nThis user must also own the server process.\n\n',
  )
  yield { type: 'sleep', ms: 3_000 }
  ctx.out('PostgreSQL init process complete; ready for start up.\n\n')
  const d = new Date(ctx.now()).toISOString().replace('T', ' ').replace(/Z$/, ' UTC')
  ctx.err(`${d} [1] LOG:  database system is ready to accept connections\n`)
  ctx.listen(5432)
  ctx.setUsage(2, 40 * 1024 * 1024)
  return yield* serveForever()
}

registerImage({
  repository: 'docker.io/library/postgres',
  tags: tagsOf('docker.io/library/postgres', 158_447_118, [
    'latest',
    '17',
    '17.2',
    '16',
    '16.6',
    '15',
    '14',
    '13',
    '12',
    'alpine',
    '17-alpine',
    '16-alpine',
  ]),
  entrypoint: ['docker-entrypoint.sh'],
  cmd: ['postgres'],
  tools: [...DEBIAN_TOOLS, 'psql', 'postgres', 'pg_isready'],
  userland: 'gnu',

  shell: 'dash',
  bash: true,
  prompt: (pod) => `root@${pod}:/# `,
  programs: { ...commonTools('gnu'), 'docker-entrypoint.sh': postgres, postgres },
  stop: { exits: 0 },
  env: () => ({
    PATH: `${PATH}:/usr/lib/postgresql/17/bin`,
    PG_MAJOR: '17',
    PGDATA: '/var/lib/postgresql/data',
  }),
})

const redis: Program = function* (ctx) {
  const d = new Date(ctx.now())
  const p = (n: number): string => String(n).padStart(2, '0')
  const mon = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][
    d.getUTCMonth()
  ]
  const t = `${p(d.getUTCDate())} ${mon} ${d.getUTCFullYear()} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}.${String(d.getUTCMilliseconds()).padStart(3, '0')}`
  ctx.out(
    `1:C ${t} # WARNING Memory overcommit must be enabled! Without it, a background save or replication may fail under low memory condition.\n`,
  )
  ctx.out(`1:C ${t} * oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo\n`)
  ctx.out(
    `1:C ${t} * Redis version=7.4.1, bits=64, commit=00000000, modified=0, pid=1, just started\n`,
  )
  ctx.out(
    `1:C ${t} # Warning: no config file specified, using the default config. In order to specify a config file use redis-server /path/to/redis.conf\n`,
  )
  ctx.out(`1:M ${t} * monotonic clock: POSIX clock_gettime\n`)
  ctx.out(`1:M ${t} * Running mode=standalone, port=6379.\n`)
  ctx.out(`1:M ${t} * Server initialized\n`)
  ctx.out(`1:M ${t} * Ready to accept connections tcp\n`)
  ctx.listen(6379)
  ctx.setUsage(2, 3 * 1024 * 1024)
  return yield* serveForever()
}

registerImage({
  repository: 'docker.io/library/redis',
  tags: tagsOf('docker.io/library/redis', 45_022_300, [
    'latest',
    '7',
    '7.4',
    '7.4.1',
    '7.2',
    '7.0',
    '6',
    '6.2',
    '5',
    '5.0',
    'alpine',
    '7-alpine',
    '6-alpine',
  ]),
  entrypoint: ['docker-entrypoint.sh'],
  cmd: ['redis-server'],
  tools: [...DEBIAN_TOOLS, 'redis-cli', 'redis-server'],
  userland: 'gnu',

  shell: 'dash',
  bash: true,
  prompt: (pod) => `root@${pod}:/data# `,
  workdir: '/data',
  programs: { ...commonTools('gnu'), 'docker-entrypoint.sh': redis, 'redis-server': redis },
  stop: { exits: 0 },
  env: () => ({ PATH, REDIS_VERSION: '7.4.1' }),
})
