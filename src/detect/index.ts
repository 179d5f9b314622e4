/**
 * Detection (SPEC §6.2): Sigma-shaped rules as data in content/rules/, a stateless
 * matcher for the parse workers, a stateful correlator for the writer, and the engine
 * that delivers alert signals to a sink. The rule format is in docs/detection.md.
 */
export {
  type CaseOutcome,
  type CasesFile,
  describeSignal,
  loadCases,
  parseCases,
  runCases,
} from './cases.js';
export { Correlator, type CorrelatorOptions, type CorrelatorStats } from './correlator.js';
export { formatDuration, parseDuration } from './duration.js';
export { DetectionEngine, type DetectionEngineOptions, type DetectionStats } from './engine.js';
export {
  defaultRulesDir,
  loadRulePack,
  loadRules,
  parseRule,
  RulePackError,
  type RuleProblem,
  ruleFiles,
} from './loader.js';
export { groupKeyOf, RuleMatcher } from './matcher.js';
export {
  type AlertSignal,
  type AlertSink,
  type Correlation,
  type CorrelationType,
  HIT_RAW_CHARS,
  type HitEvent,
  RULE_LEVELS,
  type Rule,
  type RuleHit,
  type RuleLevel,
} from './model.js';
export { matcherForDir } from './pack-cache.js';
export {
  DEVICE_SILENT_RULE,
  type DeviceSilentInput,
  deviceSilentEvent,
  OTASUKE_VENDOR,
} from './synthetic.js';
