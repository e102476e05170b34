import '../support/onnx-realm.js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '../../src/common/logging/logger.js';
import { locateDefaultModel } from '../../src/embeddings/default-model/default-model-location.js';
import { GloveSifModel } from '../../src/embeddings/default-model/glove-sif-model.js';
import { generateExtractiveDraft } from '../../src/reports/generator/extractive-generator.js';
import { CitationVerifier } from '../../src/reports/verifier/citation-verifier.js';
import {
  embedEvaluationSet,
  evaluateRetrieval,
  type EvaluationSet,
} from '../../src/retrieval/evaluation/evaluation-set.js';
import { DEFAULT_FUSION_WEIGHTS } from '../../src/retrieval/ranking/fusion-weights.js';
import { bilingualPatients, bilingualRetrievalSet } from '../fixtures/bilingual/bilingual-set.js';
import { type Language, SCENARIOS } from '../fixtures/bilingual/scenarios.js';

/**
 * The same eight scenarios as English and as Chinese records (test/fixtures/bilingual): retrieval
 * recall@5 and extractive-draft fact recall per language, and search across languages. The claim:
 * Chinese within 0.05 of English. Figures in src/retrieval/README.md.
 */
describe('bilingual evaluation (English and Chinese records of the same scenarios)', () => {
  const sets = new Map<string, EvaluationSet>();
  const vectors = new Map<string, Map<string, Float32Array>>();
  const pairs: [Language, Language][] = [
    ['en', 'en'],
    ['zh', 'zh'],
    ['zh', 'en'],
    ['en', 'zh'],
  ];

  beforeAll(async () => {
    const { dir, manifest } = locateDefaultModel(mkdtempSync(join(tmpdir(), 'anamnesis-bilingual-')));
    const model = await GloveSifModel.open(dir, manifest, 'cpu', createLogger('silent'));
    for (const [records, asked] of pairs) {
      const set = bilingualRetrievalSet(records, asked);
      await embedEvaluationSet(set, (texts) => model.embed(texts));
      const embedded = await model.embed(set.questions.map((q) => q.question));
      vectors.set(`${records}-${asked}`, new Map(set.questions.map((q, i) => [q.id, embedded[i]!])));
      sets.set(`${records}-${asked}`, set);
    }
    await model.close();
  });

  const run = (records: Language, asked: Language, mode: 'bm25' | 'hybrid', lexicon = true) =>
    evaluateRetrieval(sets.get(`${records}-${asked}`)!, vectors.get(`${records}-${asked}`)!, {
      mode,
      lexicon,
      weights: DEFAULT_FUSION_WEIGHTS,
    });

  const draftFacts = (language: Language) => {
    let found = 0;
    let total = 0;
    let flagged = 0;
    const missing: string[] = [];
    bilingualPatients(language).forEach((patient, index) => {
      const scenario = SCENARIOS[index]!;
      const question = scenario.questions[0]![language];
      const draft = generateExtractiveDraft({ question, entries: patient.entries });
      const verified = new CitationVerifier(patient.entries).verifyDraft(draft);
      const sentences = verified.sections.flatMap((s) => s.sentences);
      flagged += sentences.filter((s) => s.unsupported).length;
      const text = sentences.map((s) => s.text.toLowerCase()).join('\n');
      for (const fact of scenario.facts[language]) {
        total++;
        if (text.includes(fact.toLowerCase())) found++;
        else missing.push(`${scenario.id}: ${fact}`);
      }
    });
    return { recall: found / total, flagged, missing };
  };

  it('prints the table', () => {
    const rows = pairs.map(([records, asked]) => {
      const [words, bm25, hybrid] = [
        run(records, asked, 'bm25', false),
        run(records, asked, 'bm25'),
        run(records, asked, 'hybrid'),
      ];
      return `${records} records, ${asked} questions: recall@5 words ${words.recallAt5.toFixed(3)}, BM25+lexicon ${bm25.recallAt5.toFixed(3)}, hybrid ${hybrid.recallAt5.toFixed(3)} (nDCG@10 ${hybrid.ndcgAt10.toFixed(3)})`;
    });
    for (const language of ['en', 'zh'] as const) {
      const { recall, flagged, missing } = draftFacts(language);
      rows.push(
        `${language} drafts: fact recall ${recall.toFixed(3)}, ${flagged} flagged ${missing.join(', ')}`,
      );
    }
    console.log(rows.join('\n'));
  });

  it('finds Chinese records with Chinese questions within 0.05 of English', () => {
    const [en, zh] = [run('en', 'en', 'hybrid'), run('zh', 'zh', 'hybrid')];
    expect(en.recallAt5).toBeGreaterThan(0.8);
    expect(zh.recallAt5).toBeGreaterThanOrEqual(en.recallAt5 - 0.05);
  });

  it('searches across languages through the lexicon', () => {
    for (const [records, asked] of [
      ['zh', 'en'],
      ['en', 'zh'],
    ] as const) {
      expect(run(records, asked, 'bm25').recallAt5).toBeGreaterThan(
        run(records, asked, 'bm25', false).recallAt5,
      );
      expect(run(records, asked, 'hybrid').recallAt5).toBeGreaterThan(0.6);
    }
  });

  it('drafts Chinese records with fact recall within 0.05 of English, every sentence verified', () => {
    const [en, zh] = [draftFacts('en'), draftFacts('zh')];
    expect(en.flagged).toBe(0);
    expect(zh.flagged).toBe(0);
    expect(zh.recall).toBeGreaterThanOrEqual(en.recall - 0.05);
  });
});
