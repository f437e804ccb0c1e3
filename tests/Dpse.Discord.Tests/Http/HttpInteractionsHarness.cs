using System.Globalization;
using System.Text;
using Dpse.Core.Commands;
using Dpse.Discord.Tests.Fakes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using NSec.Cryptography;

namespace Dpse.Discord.Tests.Http;

/// <summary>
/// The Discord adapter in HTTP mode, wired as the host wires it (AddDpseDiscord + MapDiscordInteractions) on a free
/// 127.0.0.1 port, with a real Ed25519 key pair, a fake Discord for the follow-ups, and the given core.
/// </summary>
internal sealed class HttpInteractionsHarness : IAsyncDisposable
{
    private readonly WebApplication _app;

    private HttpInteractionsHarness(WebApplication app, FakeDiscord discord, Key key, FakeTimeProvider clock)
    {
        _app = app;
        Discord = discord;
        Key = key;
        Clock = clock;
        Client = new HttpClient { BaseAddress = new Uri(app.Urls.First()), Timeout = TimeSpan.FromSeconds(15) };
    }

    public FakeDiscord Discord { get; }

    public Key Key { get; }

    public FakeTimeProvider Clock { get; }

    public HttpClient Client { get; }

    public static async Task<HttpInteractionsHarness> StartAsync(ICommandDispatcher dispatcher, FakeTimeProvider clock, ICompletionSource? completions = null)
    {
        var discord = await FakeDiscord.StartAsync();
        var key = Key.Create(SignatureAlgorithm.Ed25519, new KeyCreationParameters { ExportPolicy = KeyExportPolicies.AllowPlaintextExport });
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Dpse:Discord:Enabled"] = "true",
            ["Dpse:Discord:Interactions"] = "Http",
            ["Dpse:Discord:Token"] = TestClients.Token,
            ["Dpse:Discord:ApplicationId"] = TestClients.ApplicationId,
            ["Dpse:Discord:PublicKey"] = Convert.ToHexStringLower(key.PublicKey.Export(KeyBlobFormat.RawPublicKey)),
            ["Dpse:Discord:ApiBaseUrl"] = discord.ApiBaseUrl,
            ["Dpse:Discord:RegistrationHashFile"] = Path.Combine(Path.GetTempPath(), $"dpse-http-{Guid.NewGuid():N}.json"),
        }).Build();
        builder.Services.AddSingleton<TimeProvider>(clock);
        builder.Services.AddSingleton(dispatcher);
        if (completions is not null)
        {
            builder.Services.AddSingleton(completions);
        }

        builder.Services.AddDpseDiscord(configuration);
        var app = builder.Build();
        app.MapDiscordInteractions();
        await app.StartAsync();
        return new HttpInteractionsHarness(app, discord, key, clock);
    }

    /// <summary>Posts <paramref name="body"/> signed by <paramref name="signer"/> (the app's key by default) at the fake clock's time.</summary>
    public Task<HttpResponseMessage> PostSignedAsync(string body, Key? signer = null, DateTimeOffset? at = null, string? bodySent = null)
    {
        var timestamp = (at ?? Clock.GetUtcNow()).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var signature = SignatureAlgorithm.Ed25519.Sign(signer ?? Key, Encoding.UTF8.GetBytes(timestamp + body));
        return PostAsync(bodySent ?? body, Convert.ToHexStringLower(signature), timestamp);
    }

    public Task<HttpResponseMessage> PostAsync(string body, string? signature, string? timestamp)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, DiscordEndpoints.InteractionsPath)
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        if (signature is not null)
        {
            request.Headers.TryAddWithoutValidation("X-Signature-Ed25519", signature);
        }

        if (timestamp is not null)
        {
            request.Headers.TryAddWithoutValidation("X-Signature-Timestamp", timestamp);
        }

        return Client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
        await Discord.DisposeAsync();
        Key.Dispose();
    }
}
