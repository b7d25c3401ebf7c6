export { startFakeProvider, type FakeProvider, type FakeProviderOptions, type RecordedRequest } from './fakeProvider';
export type { FakeScript, FakeFault, FakeHttpFailure, FakeToolCall, FakeWire } from './fakeScript';
export { fakeEmbedding } from './fakeEmbedding';
export { seededRandom, splitAtRandom } from './seededRandom';
