import onnxProto, { type onnx as OnnxTypes } from 'onnx-proto';

const { onnx } = onnxProto;
const { DataType } = onnx.TensorProto;

export interface SifGraphWeights {
  /** Word vectors, row-major [vocabularySize, dimension], float16 bits. Row 0 is padding. */
  vectors: Uint16Array;
  dimension: number;
  /** SIF weight a/(a+p(w)) per vocabulary row; 0 for padding. */
  weights: Float32Array;
  /** Unit vector of the common component to project out, or undefined to keep the mean as is. */
  commonComponent?: Float32Array;
  /** Recorded in the model's metadata. */
  metadata: Record<string, string>;
}

export const SIF_INPUTS = { ids: 'input_ids', mask: 'attention_mask' } as const;
export const SIF_OUTPUT = 'sentence_embedding';

const tensor = (name: string, dataType: number, dims: number[], bytes: Uint8Array) =>
  onnx.TensorProto.create({ name, dataType, dims, rawData: bytes });
const bytesOf = (view: ArrayBufferView) => new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
const floats = (values: Float32Array | number[]) => bytesOf(Float32Array.from(values));
const int64s = (values: number[]) => bytesOf(BigInt64Array.from(values.map(BigInt)));
const node = (
  opType: string,
  input: string[],
  output: string[],
  attribute: OnnxTypes.IAttributeProto[] = [],
) => onnx.NodeProto.create({ opType, input, output, name: output[0], attribute });
const intAttribute = (name: string, i: number) =>
  onnx.AttributeProto.create({ name, type: onnx.AttributeProto.AttributeType.INT, i });
const valueInfo = (name: string, elemType: number, dims: (string | number)[]) =>
  onnx.ValueInfoProto.create({
    name,
    type: {
      tensorType: {
        elemType,
        shape: { dim: dims.map((d) => (typeof d === 'string' ? { dimParam: d } : { dimValue: d })) },
      },
    },
  });

/**
 * The shipped default model as a real ONNX graph (opset 13):
 * ids → Gather(vectors) → Cast → × Gather(SIF weights) × mask → sum / token count
 * → [− (x·u)u] → x / max(‖x‖, ε). Padding and unknown words carry weight 0 through the mask.
 */
export function buildSifGraph(weights: SifGraphWeights): Uint8Array {
  const vocabulary = weights.weights.length;
  const { dimension } = weights;
  const initializer = [
    tensor('word_vectors', DataType.FLOAT16, [vocabulary, dimension], bytesOf(weights.vectors)),
    tensor('sif_weights', DataType.FLOAT, [vocabulary], floats(weights.weights)),
    tensor('axis_tokens', DataType.INT64, [1], int64s([1])),
    tensor('axis_last', DataType.INT64, [1], int64s([2])),
    tensor('one', DataType.FLOAT, [], floats([1])),
    tensor('epsilon', DataType.FLOAT, [], floats([1e-12])),
  ];
  const nodes = [
    node('Gather', ['word_vectors', SIF_INPUTS.ids], ['token_vectors_half']),
    node('Cast', ['token_vectors_half'], ['token_vectors'], [intAttribute('to', DataType.FLOAT)]),
    node('Gather', ['sif_weights', SIF_INPUTS.ids], ['token_weights']),
    node('Cast', [SIF_INPUTS.mask], ['mask'], [intAttribute('to', DataType.FLOAT)]),
    node('Mul', ['token_weights', 'mask'], ['masked_weights']),
    node('Unsqueeze', ['masked_weights', 'axis_last'], ['masked_weights_3d']),
    node('Mul', ['token_vectors', 'masked_weights_3d'], ['weighted_vectors']),
    node('ReduceSum', ['weighted_vectors', 'axis_tokens'], ['weighted_sum'], [intAttribute('keepdims', 0)]),
    node('ReduceSum', ['mask', 'axis_tokens'], ['token_count'], [intAttribute('keepdims', 1)]),
    node('Max', ['token_count', 'one'], ['token_count_safe']),
    node('Div', ['weighted_sum', 'token_count_safe'], ['sif_mean']),
  ];
  let pooled = 'sif_mean';
  if (weights.commonComponent) {
    initializer.push(
      tensor('common_component', DataType.FLOAT, [dimension, 1], floats(weights.commonComponent)),
    );
    initializer.push(
      tensor('common_component_t', DataType.FLOAT, [1, dimension], floats(weights.commonComponent)),
    );
    nodes.push(
      node('MatMul', ['sif_mean', 'common_component'], ['projection']),
      node('MatMul', ['projection', 'common_component_t'], ['common_part']),
      node('Sub', ['sif_mean', 'common_part'], ['sif_mean_ccr']),
    );
    pooled = 'sif_mean_ccr';
  }
  nodes.push(
    node('Mul', [pooled, pooled], ['squares']),
    node('ReduceSum', ['squares', 'axis_tokens'], ['square_sum'], [intAttribute('keepdims', 1)]),
    node('Sqrt', ['square_sum'], ['norm']),
    node('Max', ['norm', 'epsilon'], ['norm_safe']),
    node('Div', [pooled, 'norm_safe'], [SIF_OUTPUT]),
  );
  const model = onnx.ModelProto.create({
    irVersion: 8,
    producerName: 'anamnesis',
    producerVersion: '1',
    opsetImport: [{ domain: '', version: 13 }],
    metadataProps: Object.entries(weights.metadata).map(([key, value]) => ({ key, value })),
    graph: {
      name: 'glove_sif',
      node: nodes,
      initializer,
      input: [
        valueInfo(SIF_INPUTS.ids, DataType.INT64, ['batch', 'tokens']),
        valueInfo(SIF_INPUTS.mask, DataType.INT64, ['batch', 'tokens']),
      ],
      output: [valueInfo(SIF_OUTPUT, DataType.FLOAT, ['batch', dimension])],
    },
  });
  return onnx.ModelProto.encode(model).finish();
}
