using System.Globalization;

namespace Dpse.Bench.Postgres;

/// <summary>The machine's load (as <c>uptime</c> prints it), recorded beside each figure: the bench shares its cores.</summary>
internal static class LoadAverage
{
    /// <summary>"1m 5m 15m" from /proc/loadavg, or "?" where there is none.</summary>
    public static string Now()
    {
        try
        {
            var fields = File.ReadAllText("/proc/loadavg").Split(' ');
            return string.Join(' ', fields.Take(3).Select(f => double.Parse(f, CultureInfo.InvariantCulture).ToString("F2", CultureInfo.InvariantCulture)));
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or FormatException)
        {
            return "?";
        }
    }
}
