using System.Diagnostics.CodeAnalysis;

// Analyzer findings kept on purpose, each with its reason (AnalysisLevel latest-recommended in ServingMath.csproj).

// Model presets carry the model's own version and size, separated as the model card writes them; "Llama38B" or
// "Llama370B" would misread. Notebook cells use these names.
[assembly: SuppressMessage("Naming", "CA1707:Identifiers should not contain underscores", Scope = "member", Target = "~P:ServingMath.KvCache.Llama2_7B", Justification = "Model name: Llama-2-7B.")]
[assembly: SuppressMessage("Naming", "CA1707:Identifiers should not contain underscores", Scope = "member", Target = "~P:ServingMath.KvCache.Llama3_8B", Justification = "Model name: Llama-3-8B.")]
[assembly: SuppressMessage("Naming", "CA1707:Identifiers should not contain underscores", Scope = "member", Target = "~P:ServingMath.KvCache.Llama3_70B", Justification = "Model name: Llama-3-70B.")]
[assembly: SuppressMessage("Naming", "CA1707:Identifiers should not contain underscores", Scope = "member", Target = "~P:ServingMath.Simulation.RooflineStepTime.Llama3_8B_H100", Justification = "Model and GPU name: Llama-3-8B on H100.")]
[assembly: SuppressMessage("Naming", "CA1707:Identifiers should not contain underscores", Scope = "member", Target = "~P:ServingMath.Simulation.RooflineStepCost.Llama3_8B_H100", Justification = "Model and GPU name: Llama-3-8B on H100.")]
[assembly: SuppressMessage("Naming", "CA1707:Identifiers should not contain underscores", Scope = "member", Target = "~P:ServingMath.Simulation.LinearStepCost.Llama3_8B_H100", Justification = "Model and GPU name: Llama-3-8B on H100.")]

// The simulator's configuration check blames the property of the config record the learner set (KvCacheTokens,
// Fallback.Name), not the private method's own parameter: that is what the learner has to change.
[assembly: SuppressMessage("Usage", "CA2208:Instantiate argument exceptions correctly", Scope = "member", Target = "~M:ServingMath.Simulation.ConfigValidation.Validate(ServingMath.Simulation.LlmServingConfig,System.Collections.Generic.IReadOnlyList{ServingMath.Simulation.ArrivalRequest})", Justification = "Names the config property to fix.")]

// The simulator's step-cost presets carry the model and GPU they were fitted on, like the KV presets.
[assembly: SuppressMessage("Naming", "CA1707:Identifiers should not contain underscores", Scope = "member", Target = "~P:ServingMath.Simulation.RooflineStepCost.Llama3_8B_H100", Justification = "Model and GPU name: Llama-3-8B on H100.")]
[assembly: SuppressMessage("Naming", "CA1707:Identifiers should not contain underscores", Scope = "member", Target = "~P:ServingMath.Simulation.LinearStepCost.Llama3_8B_H100", Justification = "Model and GPU name: Llama-3-8B on H100.")]
[assembly: SuppressMessage("Usage", "CA2208:Instantiate argument exceptions correctly", Scope = "member", Target = "~M:ServingMath.Simulation.SpeculativeDecoding.Validate", Justification = "Names the record property to fix.")]
[assembly: SuppressMessage("Naming", "CA1707:Identifiers should not contain underscores", Scope = "member", Target = "~P:ServingMath.TensorParallelConfig.Llama3_70B_H100", Justification = "Model and GPU name: Llama-3-70B on H100.")]
