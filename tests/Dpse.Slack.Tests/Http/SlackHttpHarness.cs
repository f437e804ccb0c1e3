using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Dpse.Core.Commands;
using Dpse.Core.Duplicates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Dpse.Slack.Tests.Http;

/// <summary>
/// The Slack adapter in HTTP mode, wired as the host wires it (AddDpseSlack + MapSlackEvents) on a free 127.0.0.1 port,
/// signing requests the way Slack does, with a fake Slack for the Web API and response URLs.
/// </summary>
internal sealed class SlackHttpHarness : IAsyncDisposable
{
    public const string SigningSecret = "8f742231b10e8888abcd99yyyzzz85a5";

    private readonly WebApplication _app;

    private SlackHttpHarness(WebApplication app, FakeSlack slack, FakeTimeProvider clock)
    {
        _app = app;
        Slack = slack;
        Clock = clock;
        Client = new HttpClient { BaseAddress = new Uri(app.Urls.First()), Timeout = TimeSpan.FromSeconds(15) };
    }

    public FakeSlack Slack { get; }

    public FakeTimeProvider Clock { get; }

    public HttpClient Client { get; }

    /// <summary>Starts the adapter; <paramref name="onceKeys"/> shared with another harness plays two instances on one store.</summary>
    public static async Task<SlackHttpHarness> StartAsync(ICommandDispatcher dispatcher, FakeTimeProvider clock, CancellationToken cancellationToken, IOnceKeys? onceKeys = null)
    {
        var slack = await FakeSlack.StartAsync(clock, cancellationToken);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Dpse:Slack:Enabled"] = "true",
            ["Dpse:Slack:Mode"] = "Http",
            ["Dpse:Slack:BotToken"] = "xoxb-test-bot-token",
            ["Dpse:Slack:SigningSecret"] = SigningSecret,
            ["Dpse:Slack:ApiBaseUrl"] = slack.ApiUrl.ToString(),
        });
        builder.Services.AddSingleton<TimeProvider>(clock);
        builder.Services.AddSingleton(dispatcher);
        if (onceKeys is not null)
        {
            builder.Services.AddSingleton(onceKeys);
        }

        builder.Services.AddDpseSlack(builder.Configuration);
        var app = builder.Build();
        app.MapSlackEvents();
        await app.StartAsync(cancellationToken);
        return new SlackHttpHarness(app, slack, clock);
    }

    /// <summary>A slash command's form body, as Slack sends it.</summary>
    public static string SlashCommand(string text, Uri responseUrl, string user = "U111", string channel = "C111") =>
        $"token=legacy&team_id=T111&team_domain=fake&channel_id={channel}&channel_name=general&user_id={user}&user_name=alice"
        + $"&command=%2Fdpse&text={Uri.EscapeDataString(text)}&api_app_id=A111&is_enterprise_install=false"
        + $"&response_url={Uri.EscapeDataString(responseUrl.ToString())}&trigger_id=13345224609.738474920.8088930838d88f008e0";

    /// <summary>An interaction's form body: the payload JSON in the <c>payload</c> field.</summary>
    public static string Interaction(System.Text.Json.Nodes.JsonNode payload) => "payload=" + Uri.EscapeDataString(payload.ToJsonString());

    public static string Sign(string secret, string timestamp, string body) =>
        "v0=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"v0:{timestamp}:{body}")));

    /// <summary>Posts <paramref name="body"/> signed with <paramref name="secret"/> at the fake clock's time (or <paramref name="at"/>).</summary>
    public Task<HttpResponseMessage> PostSignedAsync(string body, string secret = SigningSecret, DateTimeOffset? at = null, string? bodySent = null)
    {
        var timestamp = (at ?? Clock.GetUtcNow()).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        return PostAsync(bodySent ?? body, Sign(secret, timestamp, body), timestamp);
    }

    public Task<HttpResponseMessage> PostAsync(string body, string? signature, string? timestamp)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, SlackEndpoints.EventsPath)
        {
            Content = new StringContent(body, Encoding.UTF8, "application/x-www-form-urlencoded"),
        };
        if (signature is not null)
        {
            request.Headers.TryAddWithoutValidation("X-Slack-Signature", signature);
        }

        if (timestamp is not null)
        {
            request.Headers.TryAddWithoutValidation("X-Slack-Request-Timestamp", timestamp);
        }

        return Client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
        await Slack.DisposeAsync();
    }
}
