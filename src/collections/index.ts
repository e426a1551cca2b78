export { MinHeap } from './min-heap.ts';
