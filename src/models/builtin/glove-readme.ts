/** Facts about one conversion, rendered into the model folder's README. */
export interface ReadmeFacts {
  folder: string;
  source: string;
  wordCount: number;
  rowCount: number;
  sifCoefficient: number;
}

/** The model card: where the vectors come from, under which terms, and how they were changed. */
export function gloveReadme(facts: ReadmeFacts): string {
  return `# ${facts.folder}

embedgate's built-in default embedding model: a Model2Vec static model (100 dimensions,
float16) converted locally from the npm package \`${facts.source}\`.

## Provenance and license
- Vectors: GloVe 6B 100d (Pennington, Socher and Manning, Stanford NLP;
  https://nlp.stanford.edu/projects/glove/), released under the Open Data Commons PDDL 1.0.
- Packaging: \`${facts.source}\` by GRAYPE Systems (winkjs), MIT license; its notice is
  copied to \`LICENSE\`. This folder is derived from that package and is distributed under
  the same MIT terms.

## Recipe
1. Take the source's words in frequency order and keep the ${facts.wordCount} most frequent
   that this folder's tokenizer keeps whole (no internal punctuation or whitespace, already
   lowercased and accent-free). Single punctuation marks that GloVe knows stay in.
2. Multiply each vector by its SIF weight a / (a + p(w)) with a = ${facts.sifCoefficient}. The source
   gives ranks, not counts, so p(w) follows Zipf's law: p(rank) = 1 / (rank * H(N)), H the
   harmonic number over all N source words. Frequent words ("the", ",") end up near zero.
3. Row 0 is [UNK] and row 1 is [PAD], both zero. The clitic pieces s, t, d, m (from "cat's",
   "don't", …) have zero rows: the source has no vectors for them.
4. Store ${facts.rowCount} rows as float16 in \`model.safetensors\` (tensor \`embeddings\`).

The tokenizer lowercases, strips accents, splits on whitespace and punctuation, and looks every
word up whole (WordPiece with no \`##\` pieces); unknown words become [UNK] and are skipped.
A text's embedding is the mean of its rows, L2-normalised.
`;
}
