using System.Net;
using Dpse.Bot.Http;
using Microsoft.Extensions.Configuration;

namespace Dpse.Bot.Cli;

/// <summary>
/// <c>Dpse.Bot healthcheck [PATH]</c>: GETs PATH (default <c>/readyz</c>) on the bot's own endpoint, found from
/// <c>Dpse:Http:Urls</c> (a wildcard host becomes 127.0.0.1), and exits 0 on 200, 1 otherwise. The container image
/// uses it as its HEALTHCHECK, so no curl is needed. When the endpoint is disabled there is nothing to probe: exit 0.
/// </summary>
public static class HealthCheckVerb
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(5);

    public static async Task<int> RunAsync(string? path, string[] args, TextWriter output, TextWriter error, IDictionary<string, string?>? settings = null, TimeProvider? time = null)
    {
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
            .AddEnvironmentVariables()
            .AddCommandLine(args)
            .AddInMemoryCollection(settings ?? new Dictionary<string, string?>())
            .Build();
        var options = configuration.GetSection(HttpOptions.Section).Get<HttpOptions>() ?? new HttpOptions();
        if (!options.Enabled)
        {
            await output.WriteLineAsync("healthcheck: the HTTP endpoint is disabled (Dpse:Http:Enabled=false); nothing to probe.");
            return 0;
        }

        var target = Target(options.Urls, path ?? "/readyz");
        if (target is null)
        {
            await error.WriteLineAsync($"healthcheck: no http:// address in Dpse:Http:Urls ('{options.Urls}').");
            return 1;
        }

        using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        using var timeout = new CancellationTokenSource(RequestTimeout, time ?? TimeProvider.System);
        try
        {
            using var response = await http.GetAsync(target, timeout.Token);
            var body = await response.Content.ReadAsStringAsync(timeout.Token);
            await (response.StatusCode == HttpStatusCode.OK ? output : error).WriteLineAsync($"healthcheck: {(int)response.StatusCode} {body.Trim()}");
            return response.StatusCode == HttpStatusCode.OK ? 0 : 1;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            await error.WriteLineAsync($"healthcheck: {target} did not answer ({e.GetType().Name}).");
            return 1;
        }
    }

    /// <summary>The probe URL for the first http listen address; wildcards (0.0.0.0, +, *, [::]) become loopback.</summary>
    internal static Uri? Target(string urls, string path)
    {
        foreach (var url in urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var normalised = url.Replace("://+", "://127.0.0.1", StringComparison.Ordinal).Replace("://*", "://127.0.0.1", StringComparison.Ordinal)
                .Replace("://0.0.0.0", "://127.0.0.1", StringComparison.Ordinal).Replace("://[::]", "://127.0.0.1", StringComparison.Ordinal);
            if (Uri.TryCreate(normalised, UriKind.Absolute, out var address) && address.Scheme == Uri.UriSchemeHttp)
            {
                return new Uri(address, path.StartsWith('/') ? path : "/" + path);
            }
        }

        return null;
    }
}
