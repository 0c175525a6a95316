namespace ServingMath.Simulation;

/// <summary>Checks an <see cref="LlmServingConfig"/> and its arrivals before a run, naming the setting or request that is wrong and its value.</summary>
internal static class ConfigValidation
{
    internal static void Validate(LlmServingConfig config, IReadOnlyList<ArrivalRequest> arrivals)
    {
        if (config.StepCost is null)
        {
            Guard.NotNull(config.StepTime, nameof(LlmServingConfig.StepTime), "the decode step model; set it with PrefillTime, or set StepCost");
            Guard.NotNull(config.PrefillTime, nameof(LlmServingConfig.PrefillTime), "the prefill model; set it with StepTime, or set StepCost");
        }

        Guard.Positive(config.Replicas, nameof(LlmServingConfig.Replicas), "replicas behind the router");
        Guard.Positive(config.MaxBatchSize, nameof(LlmServingConfig.MaxBatchSize), "sequences per batch");
        Guard.Positive(config.MaxNumBatchedTokens, nameof(LlmServingConfig.MaxNumBatchedTokens), "tokens per step");
        Guard.Positive(config.KvBlockTokens, nameof(LlmServingConfig.KvBlockTokens), "tokens per KV block");
        Guard.NonNegative(config.StepOverheadMs, nameof(LlmServingConfig.StepOverheadMs), "milliseconds of host time per step");
        Guard.NonNegative(config.FinishOverheadMs, nameof(LlmServingConfig.FinishOverheadMs), "milliseconds of host time per finished request");
        Guard.NonNegative(config.StepNoiseSigma, nameof(LlmServingConfig.StepNoiseSigma), "σ of the lognormal step noise");
        if (config.StepNoiseSigma > 3)
        {
            throw new ArgumentOutOfRangeException(nameof(LlmServingConfig.StepNoiseSigma),
                $"StepNoiseSigma must be at most 3 (σ = 3 already makes a step vary by a factor of thousands); got {Guard.Show(config.StepNoiseSigma)}");
        }

        if (config.KvCacheTokens is long kv && kv / config.KvBlockTokens < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(LlmServingConfig.KvCacheTokens),
                $"KvCacheTokens must hold at least one block of {config.KvBlockTokens} tokens, or be null for unlimited; got {kv}");
        }

        if (config.KvAllocation == KvAllocation.ReserveMaximum && config.MaxOutputTokens is null && config.MaxModelLen is null)
        {
            throw new ArgumentException(
                "KvAllocation.ReserveMaximum reserves prompt + MaxOutputTokens (the max_tokens each request may generate) or a fixed " +
                "MaxModelLen per request; set one of them",
                nameof(LlmServingConfig.MaxOutputTokens));
        }

        if (config.MaxModelLen is int maxLen)
        {
            Guard.Positive(maxLen, nameof(LlmServingConfig.MaxModelLen), "the model's context length (max_model_len), tokens");
        }

        if (config.PrefixCaching)
        {
            if (config.KvAllocation != KvAllocation.OnDemand || config.Scheduler != SchedulerPolicy.VllmV1)
            {
                throw new ArgumentException(
                    "PrefixCaching needs vLLM's paged blocks: set Scheduler = SchedulerPolicy.VllmV1 and KvAllocation = KvAllocation.OnDemand " +
                    $"(got {config.Scheduler} and {config.KvAllocation})",
                    nameof(LlmServingConfig.PrefixCaching));
            }

            if (config.KvCacheTokens is not long tokens)
            {
                throw new ArgumentException("PrefixCaching needs a finite KvCacheTokens (the blocks it caches in); got null (unlimited)", nameof(LlmServingConfig.KvCacheTokens));
            }

            if (tokens / config.KvBlockTokens > int.MaxValue)
            {
                throw new ArgumentOutOfRangeException(nameof(LlmServingConfig.KvCacheTokens),
                    $"with PrefixCaching, KvCacheTokens / KvBlockTokens must be at most {int.MaxValue} blocks; got {tokens / config.KvBlockTokens}");
            }
        }

        if (config.Router == RouterPolicy.PrefixAware && !config.PrefixCaching)
        {
            throw new ArgumentException(
                "RouterPolicy.PrefixAware routes by the prefix blocks each replica has cached: turn PrefixCaching on", nameof(LlmServingConfig.Router));
        }

        if (!Enum.IsDefined(config.Router))
        {
            throw new ArgumentOutOfRangeException(nameof(LlmServingConfig.Router), $"Router must be RoundRobin, JoinShortestQueue or PrefixAware; got {config.Router}");
        }

        config.SpeculativeDecoding?.Validate();

        if (config.MaxOutputTokens is int maxOut)
        {
            Guard.Positive(maxOut, nameof(LlmServingConfig.MaxOutputTokens), "the most output tokens a request may ask for");
        }

        if (config.QueueTimeoutSeconds is double t)
        {
            Guard.Positive(t, nameof(LlmServingConfig.QueueTimeoutSeconds), "seconds a request may wait, or null for no timeout");
        }

        if (config.MaxQueueLength is int q)
        {
            Guard.Positive(q, nameof(LlmServingConfig.MaxQueueLength), "requests waiting per replica, or null for unbounded");
        }

        if (config.Fallback is { } f)
        {
            Guard.NonNegative(f.LatencySeconds, nameof(FallbackRoute.LatencySeconds), "seconds the fallback takes to answer");
            if (string.IsNullOrWhiteSpace(f.Name))
            {
                throw new ArgumentException("Fallback.Name must name the fallback path, e.g. \"small-model\"; got an empty name", nameof(FallbackRoute.Name));
            }
        }

        var unchunked = config.Scheduler == SchedulerPolicy.VllmV1 && !config.ChunkedPrefill;
        var previous = 0.0;
        for (var i = 0; i < arrivals.Count; i++)
        {
            var a = arrivals[i] ?? throw new ArgumentNullException(nameof(arrivals), $"arrivals[{i}] is null");
            if (!(a.ArrivalSeconds >= 0) || double.IsInfinity(a.ArrivalSeconds))
            {
                throw new ArgumentOutOfRangeException(nameof(arrivals),
                    $"arrivals[{i}].ArrivalSeconds must be a finite time ≥ 0 (seconds); got {Guard.Show(a.ArrivalSeconds)}");
            }

            if (a.ArrivalSeconds < previous)
            {
                throw new ArgumentException(
                    $"arrivals must be in time order; arrivals[{i}] at {Guard.Show(a.ArrivalSeconds)} s comes before arrivals[{i - 1}] at {Guard.Show(previous)} s",
                    nameof(arrivals));
            }

            if (a.PromptTokens < 1 || a.OutputTokens < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(arrivals),
                    $"arrivals[{i}] must ask for at least 1 prompt token and 1 output token; got {a.PromptTokens} and {a.OutputTokens}");
            }

            if (config.MaxOutputTokens is int most && a.OutputTokens > most)
            {
                throw new ArgumentOutOfRangeException(nameof(arrivals),
                    $"arrivals[{i}] generates {a.OutputTokens} output tokens, more than MaxOutputTokens = {most} allows; raise MaxOutputTokens");
            }

            if (unchunked && (long)a.PromptTokens + a.OutputTokens - 1 > config.MaxNumBatchedTokens)
            {
                throw new ArgumentOutOfRangeException(nameof(arrivals),
                    $"arrivals[{i}] has {a.PromptTokens} prompt + {a.OutputTokens} output tokens; without chunked prefill a prompt (and a " +
                    $"recomputation after preemption) must fit one step's MaxNumBatchedTokens = {config.MaxNumBatchedTokens}; turn ChunkedPrefill on or raise the budget");
            }

            if (a.PrefixTokens < 0 || (long)a.PrefixTokens > (long)a.PromptTokens + a.OutputTokens)
            {
                throw new ArgumentOutOfRangeException(nameof(arrivals),
                    $"arrivals[{i}].PrefixTokens (tokens it shares with its prefix) must be between 0 and prompt + output = " +
                    $"{(long)a.PromptTokens + a.OutputTokens}; got {a.PrefixTokens}");
            }

            if (a.PrefixTokens > 0 && string.IsNullOrEmpty(a.PrefixId))
            {
                throw new ArgumentException($"arrivals[{i}] shares {a.PrefixTokens} prefix tokens but has no PrefixId naming what it shares", nameof(arrivals));
            }

            previous = a.ArrivalSeconds;
        }
    }
}
