namespace ServingNotebooks.Setup;

/// <summary>How a setup step ended.</summary>
public enum StepStatus
{
    /// <summary>Already in place: nothing changed.</summary>
    Ok,

    /// <summary>Done now (built, registered, repaired).</summary>
    Changed,

    /// <summary>Could not be checked or done, but the workbook can still be used (e.g. no Jupyter to start the kernel with).</summary>
    Warning,

    /// <summary>Failed: <see cref="SetupStep.Fix"/> says what to do.</summary>
    Failed,
}

/// <summary>One step of setup and what came of it.</summary>
/// <param name="Name">What the step does, e.g. "Jupyter kernel".</param>
/// <param name="Status">How it ended.</param>
/// <param name="Detail">What was found or done, one line.</param>
/// <param name="Fix">What the learner should do, when it failed or warned; null otherwise.</param>
public sealed record SetupStep(string Name, StepStatus Status, string Detail, string? Fix = null);
