namespace ServingNotebooks.Tests.Grading.Spec;

/// <summary>Independent references for the grading-spec tests: textbook formulas written out, not the library's code.</summary>
internal static class SpecReference
{
    /// <summary>Erlang C by the textbook sum: (aᶜ/c!)·c/(c − a) / (Σₖ₌₀..c₋₁ aᵏ/k! + (aᶜ/c!)·c/(c − a)), terms built by aᵏ/k! = aᵏ⁻¹/(k − 1)! · a/k.</summary>
    public static double ErlangC(int servers, double offeredLoad)
    {
        double term = 1, sum = 0;
        for (var k = 0; k < servers; k++)
        {
            sum += term;
            term *= offeredLoad / (k + 1);
        }

        var waiting = term * servers / (servers - offeredLoad);
        return waiting / (sum + waiting);
    }

    /// <summary>The p-quantile of the M/M/c wait: ln(C/(1 − p)) / (cμ − λ), or 0 when C ≤ 1 − p.</summary>
    public static double WaitPercentile(double lambda, double mu, int servers, double p)
    {
        var c = ErlangC(servers, lambda / mu);
        return c <= 1 - p ? 0 : Math.Log(c / (1 - p)) / ((servers * mu) - lambda);
    }

    /// <summary>The fewest servers, from the first stable count on, whose p-quantile wait is within the SLO.</summary>
    public static int ServersForWait(double lambda, double mu, double sloSeconds, double p)
    {
        var servers = (int)Math.Floor(lambda / mu) + 1;
        while (WaitPercentile(lambda, mu, servers, p) > sloSeconds)
        {
            servers++;
        }

        return servers;
    }

    /// <summary>Hyndman–Fan type 7 on 0-based sorted values: h = (n − 1)·p, x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋+1] − x[⌊h⌋]).</summary>
    public static double Percentile(IEnumerable<double> values, double p)
    {
        var x = values.Order().ToArray();
        var h = (x.Length - 1) * p;
        var low = (int)Math.Floor(h);
        return low + 1 < x.Length ? x[low] + ((h - low) * (x[low + 1] - x[low])) : x[low];
    }
}
