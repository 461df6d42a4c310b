import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { findJava } from '../../../neo4j-local/launcher.js';

// Which Java the local Neo4j runs on (services/neo4j-local/launcher.js): JDKs laid out as Debian's
// and Temurin's packages lay them out, each a `release` file and an executable bin/java.
describe('the Java that runs the local Neo4j', () => {
  let root: string;
  const jdk = (name: string, version: string) => {
    const home = path.join(root, 'jvm', name);
    mkdirSync(path.join(home, 'bin'), { recursive: true });
    writeFileSync(path.join(home, 'release'), `IMPLEMENTOR="test"\nJAVA_VERSION="${version}"\n`);
    writeFileSync(path.join(home, 'bin', 'java'), '#!/bin/sh\n');
    chmodSync(path.join(home, 'bin', 'java'), 0o755);
    return { home, java: path.join(home, 'bin', 'java'), bin: path.join(home, 'bin') };
  };
  beforeEach(() => {
    root = mkdtempSync(path.join(tmpdir(), 'mnemo-jdks-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('is the newest JDK from 17 to 25 found, beside the one on the PATH', () => {
    const debian = jdk('java-17-openjdk-amd64', '17.0.15');
    const temurin = jdk('temurin-25-jdk-amd64', '25.0.3');
    jdk('jdk-26', '26'); // newer than any Neo4j 5.26 ran on here
    jdk('java-8', '1.8.0_392');
    expect(findJava({ PATH: debian.bin }, path.join(root, 'jvm'))).toEqual({ command: temurin.java, major: 25 });
  });

  it("is one from 17 to 25 even when the PATH's is newer than 25", () => {
    const newest = jdk('jdk-26', '26');
    const temurin = jdk('temurin-25-jdk-amd64', '25.0.3');
    expect(findJava({ PATH: newest.bin }, path.join(root, 'jvm'))).toEqual({ command: temurin.java, major: 25 });
  });

  it("is the PATH's when no newer JDK is installed", () => {
    const debian = jdk('java-17-openjdk-amd64', '17.0.15');
    jdk('java-11-openjdk-amd64', '11.0.2');
    expect(findJava({ PATH: debian.bin }, path.join(root, 'jvm'))).toEqual({ command: debian.java, major: 17 });
  });

  it("counts JAVA_HOME's among them", () => {
    const debian = jdk('java-17-openjdk-amd64', '17.0.15');
    const home = jdk('jdk-21', '21.0.5');
    expect(findJava({ PATH: debian.bin, JAVA_HOME: home.home }, path.join(root, 'nowhere'))).toEqual({
      command: home.java,
      major: 21,
    });
  });

  it('is MNEMO_NEO4J_JAVA whenever that is set', () => {
    const debian = jdk('java-17-openjdk-amd64', '17.0.15');
    jdk('temurin-25-jdk-amd64', '25.0.3');
    expect(findJava({ MNEMO_NEO4J_JAVA: debian.java }, path.join(root, 'jvm'))).toEqual({
      command: debian.java,
      major: 17,
    });
    expect(findJava({ MNEMO_NEO4J_JAVA: '/opt/elsewhere/java' }, path.join(root, 'jvm'))).toEqual({
      command: '/opt/elsewhere/java',
      major: undefined,
    });
  });

  it('is plain `java` when none is found, for the start to say Java is missing', () => {
    expect(findJava({ PATH: '' }, path.join(root, 'nowhere'))).toEqual({ command: 'java', major: undefined });
  });
});
