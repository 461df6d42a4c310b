// @ts-check
// Builds (once, cached) and runs the local Neo4j in LocalNeo4j.java. Plain Node with no dependencies,
// because `npm start` and `npm test` call it before anything else is installed.
'use strict';

const { spawn, spawnSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');

const PROJECT_DIR = __dirname;
const JAR = path.join(PROJECT_DIR, 'target', 'neo4j-local.jar');
const BUILD_STAMP = path.join(PROJECT_DIR, 'target', '.mnemo-build-digest');
const READY_PREFIX = 'MNEMO_NEO4J_READY ';

/** Digest of everything the jar is built from, so the jar is rebuilt exactly when they change. */
function sourceDigest() {
  const hash = crypto.createHash('sha256');
  const files = [path.join(PROJECT_DIR, 'pom.xml')];
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else files.push(full);
    }
  };
  walk(path.join(PROJECT_DIR, 'src'));
  for (const file of files) {
    hash.update(path.relative(PROJECT_DIR, file));
    hash.update(fs.readFileSync(file));
  }
  return hash.digest('hex');
}

/**
 * Builds the jar with Maven unless the one in target/ was built from the current sources.
 * @param {{ log?: (line: string) => void }} [options]
 */
function ensureJar(options = {}) {
  const log = options.log ?? ((line) => console.log(line));
  const digest = sourceDigest();
  const built = fs.existsSync(JAR) && fs.existsSync(BUILD_STAMP) && fs.readFileSync(BUILD_STAMP, 'utf8') === digest;
  if (built) return JAR;
  log('neo4j-local: building the local Neo4j with Maven (the first build downloads ~130 MB from Maven Central)...');
  const result = spawnSync('mvn', ['-q', '-B', 'package', '-DskipTests'], { cwd: PROJECT_DIR, stdio: 'inherit' });
  if (result.error) throw new Error(`neo4j-local: could not run Maven (is it installed?): ${result.error.message}`);
  if (result.status !== 0) throw new Error(`neo4j-local: the Maven build failed with exit code ${result.status}`);
  fs.writeFileSync(BUILD_STAMP, digest);
  return JAR;
}

/** The newest Java major version Neo4j 5.26 has been run on here (the whole test suite and the benches). */
const NEWEST_TESTED_JAVA = 25;
/** From this Java major version on, the JVM keeps an ahead-of-time cache (JEP 483, 514, 515). */
const AOT_CACHE_JAVA = 25;

/**
 * The major version of the JDK a `java` binary belongs to, from the `release` file of its JDK.
 * @param {string} java
 * @returns {number | undefined}
 */
function javaMajor(java) {
  try {
    const home = path.dirname(path.dirname(fs.realpathSync(java)));
    const version = /^JAVA_VERSION="(\d+)/m.exec(fs.readFileSync(path.join(home, 'release'), 'utf8'));
    return version ? Number(version[1]) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The `java` the shell would run with this PATH, or undefined.
 * @param {string | undefined} searchPath
 */
function javaOnPath(searchPath) {
  for (const dir of (searchPath ?? '').split(path.delimiter)) {
    const candidate = path.join(dir || '.', 'java');
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      return candidate;
    } catch {
      /* not here */
    }
  }
  return undefined;
}

/**
 * The Java that runs Neo4j: MNEMO_NEO4J_JAVA when set; else the newest JDK from 17 up to
 * NEWEST_TESTED_JAVA among JAVA_HOME's, the PATH's and those under /usr/lib/jvm (where Debian's and
 * Temurin's packages put them). Newest, because from JDK 25 on the JVM keeps the classes and method
 * profiles of an earlier run (an AOT cache: classSharing); capped, because a JDK newer than any
 * Neo4j was run on here is a gamble.
 * @param {NodeJS.ProcessEnv} [env]
 * @param {string} [jvmRoot] where JDKs are installed side by side
 * @returns {{ command: string, major: number | undefined }}
 */
function findJava(env = process.env, jvmRoot = '/usr/lib/jvm') {
  const chosen = env.MNEMO_NEO4J_JAVA;
  if (chosen) return { command: chosen, major: javaMajor(chosen) };
  const candidates = [];
  if (env.JAVA_HOME) candidates.push(path.join(env.JAVA_HOME, 'bin', 'java'));
  const onPath = javaOnPath(env.PATH);
  if (onPath) candidates.push(onPath);
  try {
    for (const jdk of fs.readdirSync(jvmRoot).sort()) candidates.push(path.join(jvmRoot, jdk, 'bin', 'java'));
  } catch {
    /* no such folder: not a Debian-like machine */
  }
  /** @type {{ command: string, major: number } | undefined} */
  let best;
  for (const command of candidates) {
    const major = javaMajor(command);
    if (major === undefined || major < 17 || major > NEWEST_TESTED_JAVA) continue;
    if (!best || major > best.major) best = { command, major };
  }
  // None in range: the PATH's, whatever it is, for the start to say what is wrong with it.
  return best ?? { command: onPath ?? 'java', major: onPath ? javaMajor(onPath) : undefined };
}

/**
 * JVM options of a Java version: from JDK 24 on, Neo4j's use of sun.misc.Unsafe and of native
 * libraries (JNA) is allowed outright instead of warned about on every start.
 * @param {number | undefined} major
 */
function javaVersionArgs(major) {
  return major !== undefined && major >= 24
    ? ['--enable-native-access=ALL-UNNAMED', '--sun-misc-unsafe-memory-access=allow']
    : [];
}

const NO_SHARING = { args: [], mapped: false, refusal: /$^/, written: () => {}, refused: () => {} };

/** Whether the process with this pid is alive. */
function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

/**
 * Claims the writing of an archive for this process; a claim whose process is gone is taken over.
 * @param {string} archive
 */
function claimArchive(archive) {
  const claim = `${archive}.claim`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(claim, String(process.pid), { flag: 'wx' });
      return claim;
    } catch (error) {
      if (error.code !== 'EEXIST') return null;
      const claimant = Number(fs.readFileSync(claim, 'utf8'));
      if (claimant && alive(claimant)) return null;
      fs.rmSync(claim, { force: true });
    }
  }
  return null;
}

/**
 * Class data sharing: the classes a run of the jar loads (Neo4j's, Cypher's planner among them),
 * archived once and mapped by every later start, which then boots on about 2/3 of the CPU time. From
 * JDK 25 on the archive is an AOT cache, which also keeps the run's method profiles, so the JIT
 * compiles the hot code (the Cypher planner's, on a first start) early, and resolved and linked
 * classes: three first starts with the demo took 20.9, 20.5 and 19.7 s with it, against 25.2, 26.6
 * and 25.7 s on JDK 17 with its archive, alternated. The
 * first start after the jar is built (or with a Java of another version) writes the archive as its
 * JVM exits (some seconds longer to stop, once); one start at a time claims that, and the archive
 * appears whole or not at all. The JVM checks an archive against the jar and itself and runs
 * without it when they differ; a start that sees it say so removes the archive, for the next start
 * to write a new one.
 * @param {string} jar
 * @param {number | undefined} major the Java's major version
 * @param {string | undefined} jit the JIT mode (jitArgs)
 * @returns {{ args: string[], mapped: boolean, refusal: RegExp, written: (exitedCleanly: boolean) => void, refused: () => void }}
 */
function classSharing(jar, major, jit) {
  const aot = major !== undefined && major >= AOT_CACHE_JAVA;
  // One archive per Java (each refuses another's) and JIT mode (a quick one profiles otherwise).
  const name = `neo4j-local.jdk${major ?? 'unknown'}${jit === 'quick' ? '.quick' : ''}.${aot ? 'aot' : 'jsa'}`;
  const archive = path.join(PROJECT_DIR, 'target', name);
  // How the JVM says it will not use the archive. An AOT cache also warns about single stubs it
  // cannot link (JDK 25), and is used all the same.
  const refusal = aot ? /\[error\]\[aot/ : /\[(warning|error)\]\[cds/;
  try {
    if (fs.existsSync(archive) && fs.statSync(archive).mtimeMs >= fs.statSync(jar).mtimeMs) {
      return {
        args: [aot ? `-XX:AOTCache=${archive}` : `-XX:SharedArchiveFile=${archive}`],
        mapped: true,
        refusal,
        written: () => {},
        refused: () => fs.rmSync(archive, { force: true }),
      };
    }
    const claim = claimArchive(archive);
    if (!claim) return NO_SHARING;
    // What starts that were killed while writing left behind.
    const base = path.basename(archive);
    for (const name of fs.readdirSync(path.dirname(archive))) {
      const left = name.startsWith(`${base}.`) && /^\.(\d+)\.partial/.exec(name.slice(base.length));
      if (left && !alive(Number(left[1]))) fs.rmSync(path.join(path.dirname(archive), name), { force: true });
    }
    const partial = `${archive}.${process.pid}.partial`;
    return {
      args: [aot ? `-XX:AOTCacheOutput=${partial}` : `-XX:ArchiveClassesAtExit=${partial}`],
      mapped: false,
      refusal,
      written: (exitedCleanly) => {
        if (exitedCleanly && fs.existsSync(partial)) fs.renameSync(partial, archive);
        fs.rmSync(partial, { force: true });
        fs.rmSync(claim, { force: true });
      },
      refused: () => {},
    };
  } catch {
    return NO_SHARING; // e.g. a read-only checkout: start without it
  }
}

/** Asks the OS for a free TCP port on loopback. */
function findFreePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * @typedef {object} LocalNeo4j
 * @property {string} uri Bolt URI, e.g. bolt://127.0.0.1:7687
 * @property {number} port
 * @property {string} home data folder
 * @property {number | undefined} pid
 * @property {() => Promise<void>} stop stops the database cleanly (SIGTERM, then SIGKILL after 60 s)
 */

/**
 * The JIT compilers the local Neo4j runs with. `full` (the default) is the JVM's tiered C1+C2.
 * `quick` stops at C1: on a 2-core machine C2 spends about 20 CPU-seconds compiling during the first
 * start's demo load, so `quick` starts with the demo in 19 s instead of 27 s, but the compiled code
 * is slower for good: mlflow `log_batch` took 8,981 points/s instead of 16,042 and `log_metric` 201
 * calls/s instead of 251 in the same bench (docs/benchmarks.md, 2026-12-06 04:57 and 05:02). For a
 * demo that is looked at more than written to. A production Neo4j (NEO4J_URI) keeps its own settings.
 * @param {string | undefined} mode
 */
function jitArgs(mode) {
  if (mode === undefined || mode === '' || mode === 'full') return [];
  if (mode === 'quick') return ['-XX:TieredStopAtLevel=1'];
  throw new Error(`neo4j-local: MNEMO_NEO4J_JIT must be quick or full, not ${JSON.stringify(mode)}`);
}

/**
 * Starts a real Neo4j with Bolt on 127.0.0.1 and resolves once it accepts queries.
 * @param {{ home: string, port?: number, heap?: string, pageCache?: string, log?: (line: string) => void,
 *           timeoutMs?: number, settings?: string, jit?: string }} options (settings: other Neo4j settings,
 *           "key=value,..."; MNEMO_NEO4J_SETTINGS when not given; jit: quick | full, MNEMO_NEO4J_JIT when not given)
 * @param {boolean} [sharingAllowed] false for the second attempt, after the archive stopped a start
 * @returns {Promise<LocalNeo4j>}
 */
async function startNeo4j(options, sharingAllowed = true) {
  const log = options.log ?? ((line) => console.log(line));
  const jar = ensureJar({ log });
  const port = options.port ?? (await findFreePort());
  const home = path.resolve(options.home);
  fs.mkdirSync(home, { recursive: true });
  const heap = options.heap ?? '1g';
  const java = findJava();
  const jit = options.jit ?? process.env.MNEMO_NEO4J_JIT;
  const sharing = sharingAllowed ? classSharing(jar, java.major, jit) : NO_SHARING;
  const args = [
    ...sharing.args,
    ...javaVersionArgs(java.major),
    `-Xms${heap}`,
    `-Xmx${heap}`,
    '-XX:+UseG1GC',
    '-XX:+ExitOnOutOfMemoryError',
    ...jitArgs(jit),
    '-jar',
    jar,
    '--home',
    home,
    '--port',
    String(port),
    '--pagecache',
    options.pageCache ?? '512m',
    '--settings',
    options.settings ?? process.env.MNEMO_NEO4J_SETTINGS ?? '',
  ];
  const child = spawn(java.command, args, { stdio: ['pipe', 'pipe', 'pipe'] });
  const stderrTail = [];
  child.stderr.on('data', (chunk) => {
    stderrTail.push(String(chunk));
    if (stderrTail.length > 40) stderrTail.shift();
  });

  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  exited.then(({ signal }) => {
    try {
      sharing.written(signal === null);
    } catch {
      /* the archive is an optimisation: a start without it is still a start */
    }
  });
  const ready = new Promise((resolve, reject) => {
    let buffer = '';
    const timer = setTimeout(
      () => reject(new Error(`neo4j-local: not ready after ${options.timeoutMs ?? 120000} ms`)),
      options.timeoutMs ?? 120000,
    );
    child.stdout.on('data', (chunk) => {
      buffer += String(chunk);
      if (sharing.refusal.test(buffer)) sharing.refused();
      const line = buffer.split('\n').find((l) => l.startsWith(READY_PREFIX));
      if (line) {
        clearTimeout(timer);
        resolve(line.slice(READY_PREFIX.length).trim());
      }
    });
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`neo4j-local: could not start java (is a JDK 17+ installed?): ${error.message}`));
    });
    exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(
        new Error(
          `neo4j-local: Neo4j exited before it was ready (code ${code}, signal ${signal}).\n` +
            `Last output:\n${stderrTail.join('')}\nSee ${path.join(home, 'logs')} for the database's own logs.`,
        ),
      );
    });
  });

  let uri;
  try {
    uri = /** @type {string} */ (await ready);
  } catch (error) {
    child.kill('SIGKILL');
    if (sharing.mapped && child.exitCode === null && child.signalCode !== null) {
      // A damaged archive can stop the JVM before it is ready: the next attempt starts without it.
      sharing.refused();
      return startNeo4j(options, false);
    }
    throw error;
  }

  let stopping;
  const stop = () => {
    stopping ??= (async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      if (!sharing.mapped && sharing.args.length > 0) {
        log('neo4j-local: the JVM writes its class archive for later starts as it stops (once, up to ~30 s)');
      }
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 60000);
      await exited;
      clearTimeout(killer);
    })();
    return stopping;
  };
  return { uri, port, home, pid: child.pid, stop };
}

module.exports = { ensureJar, findFreePort, findJava, startNeo4j, sourceDigest };
