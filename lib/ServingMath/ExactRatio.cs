using System.Globalization;
using System.Numerics;

namespace ServingMath;

/// <summary>
/// Arithmetic on numbers as a person wrote them: floors and ceilings of ratios, SLO fractions, exact comparisons.
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
/// A learner types 0.8 meaning exactly eight tenths. Each double is read as its <b>shortest round-trip decimal</b>
/// (what .NET prints for it, <c>double.ToString("R")</c>: the fewest digits that parse back to the same double — "0.8",
/// "2.9999999999999996", "3.0000000000001E-13"), which is the number as typed whenever it was typed with at most 15
/// significant digits, and otherwise still keeps every digit that distinguishes it from its neighbours (a 15-digit
/// conversion would turn 2.9999999999999996 into 3). Each such decimal is an integer M times 10ᴱ; ratios are
/// then formed from the integers exactly (<see cref="BigInteger"/>, the powers of ten of both operands shifted together),
/// so the floor or ceiling is exact at every magnitude a double can take, far beyond <see cref="decimal"/>'s range.
/// </para>
/// </remarks>
internal static class ExactRatio
{
    /// <summary>A double's shortest round-trip decimal: <c>Mantissa × 10^Exponent</c>, exactly.</summary>
    internal readonly record struct Written(BigInteger Mantissa, int Exponent);

    /// <summary>The shortest round-trip decimal of a finite double, e.g. 0.8 → 8 × 10⁻¹, 3e-13 → 3 × 10⁻¹³.</summary>
    internal static Written AsWritten(double value)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "only a finite number has a decimal form");
        }

        // "R" is the shortest round-trip form on .NET Core 3.0 and later: "-1.2345E-05", "123.45", "1E+16".
        var text = value.ToString("R", CultureInfo.InvariantCulture);
        var exponent = 0;
        var e = text.IndexOfAny(['E', 'e']);
        if (e >= 0)
        {
            exponent = int.Parse(text.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            text = text[..e];
        }

        var point = text.IndexOf('.', StringComparison.Ordinal);
        if (point >= 0)
        {
            exponent -= text.Length - point - 1;
            text = text.Remove(point, 1);
        }

        return new Written(BigInteger.Parse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture), exponent);
    }

    /// <summary>⌊numerator / (denominator₁ × denominator₂)⌋ with each input taken as written. Denominators must not be 0.</summary>
    internal static BigInteger Floor(double numerator, double denominator, double denominator2 = 1)
    {
        var (n, d) = Quotient(numerator, denominator, denominator2);
        return FloorDivide(n, d);
    }

    /// <summary>⌈numerator / (denominator₁ × denominator₂)⌉ with each input taken as written. Denominators must not be 0.</summary>
    internal static BigInteger Ceiling(double numerator, double denominator, double denominator2 = 1)
    {
        var (n, d) = Quotient(numerator, denominator, denominator2);
        return -FloorDivide(-n, d);
    }

    /// <summary>
    /// The SLO's error fraction 1 − SLO exactly as written, as an integer fraction N / D (D a power of ten): 1 − 0.999 is
    /// 1 / 1000 (binary arithmetic gives 0.0010000000000000009), 1 − 0.9999999999999999 is 1 / 10¹⁶ (a 15-digit
    /// conversion gives 0).
    /// </summary>
    /// <param name="slo">An SLO strictly between 0 and 1 (validated by the caller).</param>
    internal static (BigInteger Numerator, BigInteger Denominator) ErrorFraction(double slo)
    {
        var x = AsWritten(slo);
        var denominator = x.Exponent < 0 ? BigInteger.Pow(10, -x.Exponent) : BigInteger.One;
        var numerator = denominator - (x.Exponent < 0 ? x.Mantissa : x.Mantissa * BigInteger.Pow(10, x.Exponent));
        return (numerator, denominator);
    }

    /// <summary>
    /// A double as the decimal number it was written as (its shortest round-trip form: 0.1 → 0.1m, not 0.1000000000000000055…);
    /// a value beyond decimal's 28 digits is rounded to them. For arithmetic in decimal where the inputs are within its range.
    /// </summary>
    internal static decimal ToDecimal(double value) =>
        decimal.TryParse(value.ToString("R", CultureInfo.InvariantCulture), NumberStyles.Float, CultureInfo.InvariantCulture, out var written)
            ? written
            : (decimal)value;

    /// <summary>⌈a × b⌉ with each input taken as written (100 × 0.07 is 7, not the 7.000000000000001 of binary floating point).</summary>
    internal static BigInteger CeilingProduct(double a, double b)
    {
        var (an, ad) = Fraction(a);
        var (bn, bd) = Fraction(b);
        return -FloorDivide(-(an * bn), ad * bd);
    }

    /// <summary>A finite double as the exact fraction of its shortest round-trip decimal, N / D with D &gt; 0.</summary>
    internal static (BigInteger Numerator, BigInteger Denominator) Fraction(double value)
    {
        var x = AsWritten(value);
        return x.Exponent >= 0 ? (x.Mantissa * BigInteger.Pow(10, x.Exponent), BigInteger.One) : (x.Mantissa, BigInteger.Pow(10, -x.Exponent));
    }

    /// <summary>Compares two fractions a/b and c/d with b, d &gt; 0 exactly: negative, zero or positive.</summary>
    internal static int Compare(BigInteger a, BigInteger b, BigInteger c, BigInteger d) => (a * d).CompareTo(c * b);

    /// <summary>
    /// The double nearest to the fraction n / d (d &gt; 0): 40 significant digits of the quotient, parsed (correctly rounded
    /// from those digits); ±∞ when it is beyond the double range.
    /// </summary>
    internal static double ToDouble(BigInteger n, BigInteger d)
    {
        if (n.IsZero)
        {
            return 0;
        }

        // Scale so that the integer quotient has about 40 digits: n·10^k / d.
        var k = 40 - (int)(BigInteger.Log10(BigInteger.Abs(n)) - BigInteger.Log10(d));
        var q = k >= 0 ? BigInteger.Divide(n * BigInteger.Pow(10, k), d) : BigInteger.Divide(n, d * BigInteger.Pow(10, -k));
        var text = string.Create(CultureInfo.InvariantCulture, $"{q}E{-k}");
        return double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
    }

    /// <summary>numerator / (d₁ × d₂) as an integer fraction N / D with D &gt; 0, the powers of ten of both sides shifted together.</summary>
    private static (BigInteger Numerator, BigInteger Denominator) Quotient(double numerator, double denominator, double denominator2)
    {
        var n = AsWritten(numerator);
        var d1 = AsWritten(denominator);
        var d2 = AsWritten(denominator2);
        var top = n.Mantissa;
        var bottom = d1.Mantissa * d2.Mantissa;
        var shift = n.Exponent - d1.Exponent - d2.Exponent;
        if (shift >= 0)
        {
            top *= BigInteger.Pow(10, shift);
        }
        else
        {
            bottom *= BigInteger.Pow(10, -shift);
        }

        if (bottom.IsZero)
        {
            throw new DivideByZeroException("a denominator is 0");
        }

        return bottom.Sign < 0 ? (-top, -bottom) : (top, bottom);
    }

    /// <summary>⌊n / d⌋ for d &gt; 0 (BigInteger division truncates toward zero).</summary>
    private static BigInteger FloorDivide(BigInteger n, BigInteger d)
    {
        var q = BigInteger.DivRem(n, d, out var remainder);
        return remainder.Sign < 0 ? q - 1 : q;
    }
}
