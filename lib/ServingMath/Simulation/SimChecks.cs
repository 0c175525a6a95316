using System.Globalization;

namespace ServingMath.Simulation;

/// <summary>
/// Private argument checks for the tracing, measurement and simulation files. Every message names the
/// parameter, says what range is allowed in plain words, and repeats the offending value.
/// </summary>
internal static class SimChecks
{
    internal static string Show(double value) =>
        double.IsNaN(value) ? "NaN" : value.ToString("G6", CultureInfo.InvariantCulture);

    /// <summary>Throws unless <paramref name="value"/> is finite and &gt; 0.</summary>
    internal static void Positive(double value, string paramName, string units)
    {
        if (!(value > 0) || double.IsInfinity(value))
        {
            throw new ArgumentOutOfRangeException(paramName,
                $"{paramName} must be a positive finite number ({units}); got {Show(value)}");
        }
    }

    /// <summary>Throws unless <paramref name="value"/> is finite and ≥ 0.</summary>
    internal static void NonNegative(double value, string paramName, string units)
    {
        if (!(value >= 0) || double.IsInfinity(value))
        {
            throw new ArgumentOutOfRangeException(paramName,
                $"{paramName} must be zero or a positive finite number ({units}); got {Show(value)}");
        }
    }

    /// <summary>Throws unless <paramref name="value"/> ≥ 1.</summary>
    internal static void AtLeastOne(long value, string paramName, string units)
    {
        if (value < 1)
        {
            throw new ArgumentOutOfRangeException(paramName,
                $"{paramName} must be at least 1 ({units}); got {value.ToString(CultureInfo.InvariantCulture)}");
        }
    }

    /// <summary>Throws unless 0 &lt; <paramref name="value"/> ≤ 1.</summary>
    internal static void Fraction(double value, string paramName, string units)
    {
        if (!(value > 0 && value <= 1))
        {
            throw new ArgumentOutOfRangeException(paramName,
                $"{paramName} must be a fraction in (0, 1] ({units}); got {Show(value)}");
        }
    }

    internal static void NotNull(object? value, string paramName)
    {
        if (value is null)
        {
            throw new ArgumentNullException(paramName, $"{paramName} must not be null");
        }
    }

    internal static void NotEmptyPath(string? path, string paramName)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            throw new ArgumentException($"{paramName} must be a file path; got an empty string", paramName);
        }
    }
}
