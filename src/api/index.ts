export { type AppOptions, buildApp, VERSION } from './app.ts';
export * from './limits.ts';
export { PROBLEM_CONTENT_TYPE, type Problem } from './problem.ts';
