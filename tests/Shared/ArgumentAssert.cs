namespace ServingMath.Tests;

/// <summary>Shared by the test projects: a bad argument is an <see cref="ArgumentException"/> that names the parameter in words.</summary>
internal static class ArgumentAssert
{
    /// <summary>
    /// <paramref name="call"/> throws an <see cref="ArgumentException"/> (or a subclass) whose ParamName is
    /// <paramref name="parameter"/> and whose learner-facing text (not only .NET's "(Parameter 'x')" suffix) names it too.
    /// </summary>
    internal static ArgumentException Bad(string parameter, Action call)
    {
        var e = Assert.ThrowsAny<ArgumentException>(call);
        Assert.Equal(parameter, e.ParamName);
        var text = e.Message.Replace($"(Parameter '{parameter}')", string.Empty, StringComparison.Ordinal);
        Assert.Contains(parameter, text);
        return e;
    }
}
