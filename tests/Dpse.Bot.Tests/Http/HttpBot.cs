using Dpse.Bot.Hosting;
using Dpse.Bot.Shell;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Dpse.Bot.Tests.Http;

/// <summary>The bot host with its HTTP endpoint on a free 127.0.0.1 port, a data file in a temporary folder and captured logs.</summary>
internal sealed class HttpBot : IAsyncDisposable
{
    private readonly BotRun _folder;

    private HttpBot(BotRun folder, IHost host, Uri address, CapturedLogs logs)
    {
        _folder = folder;
        Host = host;
        Client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(15) };
        Logs = logs;
    }

    public IHost Host { get; }

    public HttpClient Client { get; }

    public CapturedLogs Logs { get; }

    /// <summary>Builds (letting <paramref name="beforeStart"/> add routes) and starts the host.</summary>
    public static async Task<HttpBot> StartAsync(IDictionary<string, string?> settings, Action<IServiceCollection>? overrides = null, Action<IHost>? beforeStart = null)
    {
        var folder = new BotRun();
        var all = new Dictionary<string, string?>
        {
            ["Dpse:Storage:LiteDb:Path"] = folder.DataPath,
            ["Dpse:Http:Enabled"] = "true",
            ["Dpse:Http:Urls"] = "http://127.0.0.1:0",
            ["Dpse:Discord:RegistrationHashFile"] = Path.Combine(folder.Folder, "discord-commands.json"),
        };
        foreach (var (key, value) in settings)
        {
            all[key] = value;
        }

        var logs = new CapturedLogs();
        var console = new ShellConsole(new StringReader(""), new StringWriter(), interactive: false);
        var host = BotHost.Build([], console, runAdapters: true, services =>
        {
            services.AddSingleton<ILoggerProvider>(logs);
            overrides?.Invoke(services);
        }, all);
        beforeStart?.Invoke(host);
        await host.StartAsync(TestContext.Current.CancellationToken);
        var address = host.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new HttpBot(folder, host, new Uri(address), logs);
    }

    /// <summary>Polls <paramref name="path"/> until <paramref name="done"/> holds for the body and status (bounded: 15 s).</summary>
    public async Task<(int Status, string Body)> PollAsync(string path, Func<int, string, bool> done)
    {
        var deadline = TimeSpan.FromSeconds(15);
        var started = TimeProvider.System.GetTimestamp();
        while (true)
        {
            using var response = await Client.GetAsync(path, TestContext.Current.CancellationToken);
            var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
            if (done((int)response.StatusCode, body) || TimeProvider.System.GetElapsedTime(started) > deadline)
            {
                return ((int)response.StatusCode, body);
            }

            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Host.StopAsync(CancellationToken.None);
        Host.Dispose();
        _folder.Dispose();
    }
}
