#!/usr/bin/env python3
"""Sorts the CPU samples of a JFR recording by component of the store path.

usage: bench/jfr-breakdown.py RECORDING.jfr [JDK_HOME] [--between HH:MM:SS.sss HH:MM:SS.sss]

Uses jdk.CPUTimeSample (JDK 25+, CPU time of Java threads, also while they run native code such as
RocksDB or BLS) when the recording has them, else jdk.ExecutionSample (Java code only). Each sample
goes to the first component whose pattern matches any frame of its stack, in the order below.
Garbage collection runs on GC threads, which no sample covers: it is estimated from the pauses
(ParallelGC collects with all its threads inside its pauses) and printed beside the samples.
Make a recording of the measured store window with `walrus-stream bench net ... --profile FILE`;
for a recording of a whole process, --between keeps the samples and collections between two clock
times (as `jfr print` shows them).
"""
import collections
import os
import re
import subprocess
import sys

TOP = int(os.environ.get('JFR_BREAKDOWN_TOP', '3'))  # leaf frames listed per component

COMPONENTS = [
    ('client encoding', r'codec\.RedStuff\.encode\b|codec\.RedStuff\.encode\(|BlobEncoder'),
    ('node verification', r'codec\.RedStuff\.verify|SliverExpander'),
    ('client read/decode', r'codec\.RedStuff\.decode|client\.internal\.ReadSession'),
    ('BLS signatures', r'chain\.bls\.|supranational\.blst'),
    ('RocksDB', r'org\.rocksdb\.'),
    ('sliver log and files (node writes, fsync before confirming)', r'node\.internal\.Sliver(Files|Log)\b'),
    ('chain round trips (ledger, followers)', r'dev\.walrusstream\.devnet\.|ChainFollower|chain\.http\.|dev\.walrusstream\.sui\.'),
    ('HTTP server (Jetty, request handling)', r'org\.eclipse\.jetty\.|node\.internal\.RestHandler'),
    ('HTTP client (JDK HttpClient)', r'jdk\.internal\.net\.http\.|java\.net\.http\.|client\.internal\.Transport'),
    ('client write session (sliver batches, copies)', r'client\.internal\.WriteSession|client\.internal\.SliverBatch'),
    # the pipeline's own parts (bench pipeline --profile): after the store path, first match wins
    ('quilt packing', r'codec\.quilt\.|job\.assembly\.Quilt|job\.flink\.PackQuilts'),
    ('upload assembly (segments, SHA-256)', r'job\.assembly\.|job\.flink\.AssembleUploads|SHA256Digest'),
    ('ingest (files to chunks, producer)', r'dev\.walrusstream\.ingest\.'),
    ('Avro and schema registry', r'org\.apache\.avro\.|dev\.walrusstream\.schemas\.|dev\.walrusstream\.embedded\.registry'),
    ('Kafka (clients, broker, transactions)', r'org\.apache\.kafka\.|^kafka\.|\bkafka\.(server|log|network|coordinator|cluster)\.'),
    ('Flink runtime (network, checkpoints, timers)', r'org\.apache\.flink\.'),
    ('class loading', r'ZipFile|ClassLoader\.|BuiltinClassLoader|URLClassPath'),
]


def run(jfr, *args):
    return subprocess.run([jfr, *args], capture_output=True, text=True, check=True).stdout


def main():
    args = sys.argv[1:]
    window = None
    if '--between' in args:
        i = args.index('--between')
        window = (clock(args[i + 1]), clock(args[i + 2]))
        del args[i:i + 3]
    if not args:
        sys.exit(__doc__)
    recording = args[0]
    home = args[1] if len(args) > 1 else os.environ.get('JAVA_HOME', '')
    jfr = os.path.join(home, 'bin', 'jfr') if home else 'jfr'
    summary = run(jfr, 'summary', recording)
    cpu_time = re.search(r'jdk\.CPUTimeSample\s+([1-9]\d*)', summary)
    event = 'jdk.CPUTimeSample' if cpu_time else 'jdk.ExecutionSample'
    text = run(jfr, 'print', '--stack-depth', '256', '--events', event, recording)
    counts = collections.Counter()
    leaves = collections.defaultdict(collections.Counter)
    for block in text.split(event + ' {')[1:]:
        m = re.search(r'stackTrace = \[(.*?)\n\s*\]', block, re.S)
        if not m:
            continue
        if window:
            at = re.search(r'startTime = ([\d:.]+)', block)
            if not at or not window[0] <= clock(at.group(1)) <= window[1]:
                continue
        frames = [f.strip() for f in m.group(1).strip().split('\n') if f.strip() and f.strip() != '...']
        stack = '\n'.join(frames)
        component = 'other'
        for name, pattern in COMPONENTS:
            if re.search(pattern, stack):
                component = name
                break
        counts[component] += 1
        leaves[component][re.sub(r'\(.*', '', frames[0]) if frames else '?'] += 1
    total = sum(counts.values())
    if total == 0:
        sys.exit(f'{recording} has no {event} samples')
    in_window = lambda block: not window or (lambda at: bool(at) and window[0] <= clock(at.group(1)) <= window[1])(
        re.search(r'startTime = ([\d:.]+)', block))
    # garbage collection: its CPU time (jdk.GCCPUTime, JDK 20+), else its pauses times its threads
    gc_cpu = 0.0
    gc_events = run(jfr, 'print', '--events', 'jdk.GCCPUTime', recording).split('jdk.GCCPUTime {')[1:]
    for block in gc_events:
        if in_window(block):
            gc_cpu += sum(seconds(v, u) for v, u in re.findall(r'(?:userTime|systemTime) = ([\d.]+) (ms|s|us|ns)', block))
    if not gc_events:
        threads = re.search(r'parallelGCThreads = (\d+)', run(jfr, 'print', '--events', 'jdk.GCConfiguration', recording))
        for block in run(jfr, 'print', '--events', 'jdk.GarbageCollection', recording).split('jdk.GarbageCollection {')[1:]:
            pause = re.search(r'sumOfPauses = ([\d.]+) (ms|s|us|ns)', block)
            if pause and in_window(block):
                gc_cpu += seconds(*pause.groups()) * (int(threads.group(1)) if threads else 1)
    # the process's CPU time: jdk.CPULoad (JVM user + system, share of all hardware threads, about once a second)
    cpus = re.search(r'hwThreads = (\d+)', run(jfr, 'print', '--events', 'jdk.CPUInformation', recording))
    loads = [b for b in run(jfr, 'print', '--events', 'jdk.CPULoad', recording).split('jdk.CPULoad {')[1:] if in_window(b)]
    shares = [float(u) + float(y) for b in loads
              for u, y in re.findall(r'jvmUser = ([\d.]+)%.*?jvmSystem = ([\d.]+)%', b, re.S)]
    times = [clock(t) for b in loads for t in re.findall(r'startTime = ([\d:.]+)', b)]
    span = (window[1] - window[0]) if window else (max(times) - min(times) if len(times) > 1 else 0)
    process = (sum(shares) / len(shares) / 100 * (int(cpus.group(1)) if cpus else 1) * span) if shares else 0
    print(f'{recording}: {total} {event} samples (threads running Java code'
          + (', or native code called from Java: RocksDB, sockets, BLS)' if cpu_time else ')'))
    for name, c in counts.most_common():
        print(f'  {name:48s} {c:6d} {100 * c / total:6.1f} %   top: {top(leaves[name])}')
    print(f'process CPU about {process:.2f} s over {span:.1f} s (jdk.CPULoad); garbage collection {gc_cpu:.2f} s of it '
          f'({100 * gc_cpu / process if process else 0:.1f} %, {"jdk.GCCPUTime" if gc_events else "pauses x GC threads"}); '
          'not in the samples: GC, JIT compiler threads, RocksDB background flushes and compactions')
    lost = re.search(r'jdk\.CPUTimeSamplesLost\s+(\d+)', summary)
    if cpu_time and lost and int(lost.group(1)) > 0:
        print(f'({lost.group(1)} CPUTimeSamplesLost events: the shares are of the samples kept)')


def seconds(value, unit):
    return float(value) / {'s': 1, 'ms': 1e3, 'us': 1e6, 'ns': 1e9}[unit]


def clock(text):
    h, m, s = text.split(':')
    return int(h) * 3600 + int(m) * 60 + float(s)


def top(counter):
    return ', '.join(f'{k.rsplit(".", 2)[-2] + "." + k.rsplit(".", 1)[-1] if k.count(".") > 1 else k} {v}'
                     for k, v in counter.most_common(TOP))


if __name__ == '__main__':
    main()
