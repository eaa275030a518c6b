// The search baseline of `copilot bench`: vectra's LocalIndex (the Teams AI library's local vector index) over the
// same chunks, vectors and queries as ours.
// Usage: node vectra-bench.mjs INPUT.json   (prints one JSON result on stdout; progress on stderr)
// INPUT: { chunks: [{ id, text, vector, metadata }], queries: [{ text, vector }], top, rounds, bm25Rounds?, bm25Queries? }
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { LocalIndex } from 'vectra';

const inputPath = process.argv[2];
if (!inputPath) {
    console.error('usage: node vectra-bench.mjs INPUT.json');
    process.exit(2);
}

const input = JSON.parse(await readFile(inputPath, 'utf8'));
const { chunks, queries } = input;
const top = input.top ?? 10;
const rounds = input.rounds ?? 5;
// vectra's BM25 mode rebuilds its keyword index over every chunk on each query (seconds over 5,000 chunks): no
// warm-up, fewer rounds, and optionally only the first queries.
const bm25Rounds = input.bm25Rounds ?? 1;
const bm25Queries = queries.slice(0, input.bm25Queries ?? queries.length);
const textById = new Map(chunks.map((c) => [c.id, c.text]));
const version = JSON.parse(await readFile(new URL('node_modules/vectra/package.json', import.meta.url), 'utf8')).version;

// vectra's BM25 mode makes a new winkNLP on every query, and wink-eng-lite-web-model 1.8.1's metaCER() re-stringifies
// its own cached JSON on each call (`machines = JSON.stringify(machines)`): every query gets slower until V8 throws
// "Invalid string length" after a few dozen. Its first answer is the one a fixed model would always give, so it is
// kept; vectra's own work per query (model set-up, re-tokenizing every chunk) is left as it is.
const winkModel = createRequire(createRequire(import.meta.url).resolve('vectra'))('wink-eng-lite-web-model');
const metaCER = winkModel.metaCER;
let metaCERAnswer;
winkModel.metaCER = () => (metaCERAnswer ??= metaCER());

const ms = (start) => Number(process.hrtime.bigint() - start) / 1e6;

function percentile(sorted, p) {
    return sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
}

function summary(samples) {
    const sorted = [...samples].sort((a, b) => a - b);
    return {
        samples: sorted.length,
        p50Ms: percentile(sorted, 0.5),
        p99Ms: percentile(sorted, 0.99),
        meanMs: sorted.reduce((a, b) => a + b, 0) / Math.max(1, sorted.length),
    };
}

// BM25 mode reads each chunk's text back through docReader from (documentId, startPos, endPos) in its metadata, as
// LocalDocumentIndex stores it; here the "document" is the chunk itself.
const openIndex = (folder) => new LocalIndex(folder, undefined, undefined, undefined, {
    docReader: async (documentId) => textById.get(documentId) ?? '',
});

// Every query once untimed (warm-up) when asked, then `timedRounds` timed rounds; the ranked ids are those of the
// first pass over the queries.
async function timeQueries(index, queryList, bm25, timedRounds, warmUp) {
    let results;
    const samples = [];
    for (let round = warmUp ? -1 : 0; round < timedRounds; round++) {
        const ids = [];
        for (const q of queryList) {
            const start = process.hrtime.bigint();
            const hits = await index.queryItems(q.vector, q.text, top, undefined, bm25);
            const elapsed = ms(start);
            if (round >= 0) samples.push(elapsed);
            ids.push(hits.map((r) => r.item.id));
        }

        results ??= ids;
    }

    return { ...summary(samples), results };
}

const folder = await mkdtemp(path.join(tmpdir(), 'vectra-bench-'));
try {
    let start = process.hrtime.bigint();
    const builder = openIndex(folder);
    await builder.createIndex({ version: 1 });
    await builder.beginUpdate();
    for (const chunk of chunks) {
        await builder.insertItem({
            id: chunk.id,
            vector: chunk.vector,
            metadata: { ...chunk.metadata, documentId: chunk.id, startPos: 0, endPos: Math.max(0, chunk.text.length - 1) },
        });
    }
    await builder.endUpdate();
    const indexSeconds = ms(start) / 1000;

    // Queries go to a fresh instance, as an application would open the index file at start.
    start = process.hrtime.bigint();
    const index = openIndex(folder);
    await index.listItems();
    const loadSeconds = ms(start) / 1000;

    console.error(`vectra ${version}: ${chunks.length} chunks indexed in ${indexSeconds.toFixed(2)} s; ${queries.length} queries x ${rounds} rounds`);
    const semantic = await timeQueries(index, queries, false, rounds, true);
    let bm25;
    if (bm25Rounds > 0 && bm25Queries.length > 0) {
        console.error(`vectra ${version}: BM25 mode, ${bm25Queries.length} queries x ${bm25Rounds} rounds`);
        try {
            bm25 = await timeQueries(index, bm25Queries, true, bm25Rounds, false);
        } catch (error) {
            // wink-bm25 refuses to consolidate fewer than 3 documents, among other things.
            console.error(error?.stack ?? error);
            bm25 = { error: String(error?.message ?? error) };
        }
    }

    console.log(JSON.stringify({ version, chunks: chunks.length, queries: queries.length, top, rounds, indexSeconds, loadSeconds, semantic, bm25 }));
} finally {
    await rm(folder, { recursive: true, force: true });
}
