using System.Globalization;
using System.Numerics;

namespace ServingMath;

/// <summary>
/// Argument checks shared by every public member. Each failure names the parameter, says what was
/// expected in plain words and carries the offending value, so a learner can fix the call.
/// </summary>
internal static class Guard
{
    internal static string Show(double value) => value.ToString("G6", CultureInfo.InvariantCulture);

    /// <summary>Rejects NaN and ±∞.</summary>
    internal static void Finite(double value, string name, string what)
    {
        if (double.IsNaN(value))
        {
            throw new ArgumentException($"{name} ({what}) is NaN (not a number); pass a real number.", name);
        }

        if (double.IsInfinity(value))
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} ({what}) is infinite; pass a finite number.");
        }
    }

    /// <summary>Requires a finite value strictly above zero.</summary>
    internal static void Positive(double value, string name, string what)
    {
        Finite(value, name, what);
        if (value <= 0)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} ({what}) must be greater than 0; got {Show(value)}.");
        }
    }

    /// <summary>Requires a finite value of zero or more.</summary>
    internal static void NonNegative(double value, string name, string what)
    {
        Finite(value, name, what);
        if (value < 0)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} ({what}) cannot be negative; got {Show(value)}.");
        }
    }

    /// <summary>Requires a whole number of one or more.</summary>
    internal static void Positive(long value, string name, string what)
    {
        if (value <= 0)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} ({what}) must be at least 1; got {value}.");
        }
    }

    /// <summary>Requires a whole number of zero or more.</summary>
    internal static void NonNegative(long value, string name, string what)
    {
        if (value < 0)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} ({what}) cannot be negative; got {value}.");
        }
    }

    /// <summary>Requires a fraction strictly between 0 and 1 (an SLO, a target utilization, a percentile).</summary>
    internal static void OpenUnitInterval(double value, string name, string what)
    {
        Finite(value, name, what);
        if (value <= 0 || value >= 1)
        {
            throw new ArgumentOutOfRangeException(name, value,
                $"{name} ({what}) must be between 0 and 1, both excluded (write 99.9 % as 0.999); got {Show(value)}.");
        }
    }

    /// <summary>Requires a fraction in (0, 1]: a target utilization of exactly 1 is allowed.</summary>
    internal static void FractionUpToOne(double value, string name, string what)
    {
        Finite(value, name, what);
        if (value <= 0 || value > 1)
        {
            throw new ArgumentOutOfRangeException(name, value,
                $"{name} ({what}) must be above 0 and at most 1 (write 75 % as 0.75); got {Show(value)}.");
        }
    }

    /// <summary>Requires a fraction in [0, 1].</summary>
    internal static void Fraction(double value, string name, string what)
    {
        Finite(value, name, what);
        if (value < 0 || value > 1)
        {
            throw new ArgumentOutOfRangeException(name, value,
                $"{name} ({what}) must be between 0 and 1 (write 5 % as 0.05); got {Show(value)}.");
        }
    }

    /// <summary>Requires a non-null, non-empty list of finite numbers.</summary>
    internal static void FiniteList(IReadOnlyList<double>? values, string name, string what)
    {
        if (values is null)
        {
            throw new ArgumentNullException(name, $"{name} ({what}) is null; pass a list of numbers.");
        }

        if (values.Count == 0)
        {
            throw new ArgumentException($"{name} ({what}) is empty; pass at least one number.", name);
        }

        for (var i = 0; i < values.Count; i++)
        {
            if (!double.IsFinite(values[i]))
            {
                throw new ArgumentException(
                    $"{name} ({what}) has {Show(values[i])} at index {i}; every entry must be a finite number.", name);
            }
        }
    }

    /// <summary>Requires two lists that pair up entry by entry.</summary>
    internal static void SameLength(IReadOnlyList<double> first, string firstName, IReadOnlyList<double> second, string secondName)
    {
        if (first.Count != second.Count)
        {
            throw new ArgumentException(
                $"{firstName} has {first.Count} entries but {secondName} has {second.Count}; they must pair up one to one.",
                secondName);
        }
    }

    /// <summary>Requires a non-null argument.</summary>
    internal static void NotNull(object? value, string name)
    {
        if (value is null)
        {
            throw new ArgumentNullException(name, $"{name} is null; pass a value.");
        }
    }

    /// <summary>Requires a file path that is not empty.</summary>
    internal static void NotEmptyPath(string? path, string name)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            throw new ArgumentException($"{name} must be a file path; got an empty string.", name);
        }
    }

    /// <summary>Requires a non-null reference.</summary>
    internal static T NotNull<T>(T? value, string name, string what) where T : class =>
        value ?? throw new ArgumentNullException(name, $"{name} ({what}) is null.");

    /// <summary>
    /// Requires a whole-number result that an <see cref="int"/> holds (a count of servers, replicas or requests); the error
    /// blames <paramref name="name"/>, the caller's parameter that made it too large, and says what came out.
    /// </summary>
    /// <param name="value">The exact result.</param>
    /// <param name="name">The caller's parameter to blame.</param>
    /// <param name="what">The computation in words with its inputs, e.g. "availableGb 1e+15 / kvPerRequestGb 0.001".</param>
    internal static int FitsInt(BigInteger value, string name, string what)
    {
        if (value > int.MaxValue || value < int.MinValue)
        {
            throw new ArgumentOutOfRangeException(name,
                $"{name} is too large: {what} comes to {value.ToString(CultureInfo.InvariantCulture)}, more than {int.MaxValue.ToString(CultureInfo.InvariantCulture)}, the largest count this function returns.");
        }

        return (int)value;
    }
}
