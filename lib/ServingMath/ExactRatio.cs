namespace ServingMath;

/// <summary>
/// Floors and ceilings of ratios of decimal inputs, computed the way a person computes them by hand.
/// </summary>
/// <remarks>
/// <para>
/// 0.8 has no exact binary representation: the double nearest to it is 0.8000000000000000444…, so 32 is
/// not a whole multiple of it. The exact quotient 32 / 0.8000000000000000444… is 39.9999999999999978 and
/// floors to 39 (Python's <c>32 // 0.8</c> computes exactly that); C#'s <c>32 / 0.8</c> happens to round
/// the quotient up to 40.0, but <c>32.8 / 0.8</c> gives 40.99999999999999 and <c>Math.Floor</c> gives 40,
/// not 41, and <c>0.3 / 0.1</c> gives 2.9999999999999996.
/// </para>
/// <para>
/// A learner types 0.8 meaning exactly eight tenths. Converting each double to <see cref="decimal"/>
/// first recovers the number as written (the conversion keeps 15 significant digits, which is what
/// a double reliably holds), and decimal arithmetic on those digits is exact for such ratios.
/// Values too large or too small for decimal fall back to double arithmetic with a relative snap of
/// 1e-12 to the nearest whole number.
/// </para>
/// </remarks>
internal static class ExactRatio
{
    private const double DecimalSafe = 1e18;
    private const double DecimalTiny = 1e-12;

    internal static decimal ToDecimal(double value) => (decimal)value;

    private static bool FitsDecimal(double value) =>
        value == 0 || (Math.Abs(value) < DecimalSafe && Math.Abs(value) > DecimalTiny);

    /// <summary>⌊numerator / (denominator₁ × denominator₂)⌋ with decimal inputs taken as written.</summary>
    internal static long Floor(double numerator, double denominator, double denominator2 = 1) =>
        Round(numerator, denominator, denominator2, ceiling: false);

    /// <summary>⌈numerator / (denominator₁ × denominator₂)⌉ with decimal inputs taken as written.</summary>
    internal static long Ceiling(double numerator, double denominator, double denominator2 = 1) =>
        Round(numerator, denominator, denominator2, ceiling: true);

    /// <summary>⌊a × b⌋ with decimal inputs taken as written.</summary>
    internal static long FloorProduct(double a, double b)
    {
        if (FitsDecimal(a) && FitsDecimal(b))
        {
            try
            {
                return (long)decimal.Floor(ToDecimal(a) * ToDecimal(b));
            }
            catch (OverflowException)
            {
                // fall through to double arithmetic
            }
        }

        return (long)Snap(a * b, ceiling: false);
    }

    /// <summary>⌈a × b⌉ with decimal inputs taken as written (100 × 0.07 is 7, not the 7.000000000000001 of binary floating point).</summary>
    internal static long CeilingProduct(double a, double b)
    {
        if (FitsDecimal(a) && FitsDecimal(b))
        {
            try
            {
                return (long)decimal.Ceiling(ToDecimal(a) * ToDecimal(b));
            }
            catch (OverflowException)
            {
                // fall through to double arithmetic
            }
        }

        return (long)Snap(a * b, ceiling: true);
    }

    private static long Round(double numerator, double denominator, double denominator2, bool ceiling)
    {
        if (FitsDecimal(numerator) && FitsDecimal(denominator) && FitsDecimal(denominator2))
        {
            try
            {
                var q = ToDecimal(numerator) / (ToDecimal(denominator) * ToDecimal(denominator2));
                return (long)(ceiling ? decimal.Ceiling(q) : decimal.Floor(q));
            }
            catch (OverflowException)
            {
                // fall through to double arithmetic
            }
        }

        return (long)Snap(numerator / (denominator * denominator2), ceiling);
    }

    private static double Snap(double q, bool ceiling)
    {
        var nearest = Math.Round(q);
        if (Math.Abs(q - nearest) <= 1e-12 * Math.Max(1, Math.Abs(q)))
        {
            return nearest;
        }

        return ceiling ? Math.Ceiling(q) : Math.Floor(q);
    }
}
