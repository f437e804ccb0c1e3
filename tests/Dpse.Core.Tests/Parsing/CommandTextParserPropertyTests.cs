using Dpse.Core.Messages;
using Dpse.Core.Parsing;
using Dpse.Core.Tests.Support;
using Dpse.Testing;
using FsCheck.Xunit;

namespace Dpse.Core.Tests.Parsing;

/// <summary>Any text yields a command or a one-line error; through the whole core, a reply, and no write on error.</summary>
public sealed class CommandTextParserPropertyTests : IDisposable
{
    private readonly TestExchange _exchange = TestExchange.Create();

    [Property(MaxTest = 300, Arbitrary = [typeof(CommandInputs)])]
    public void Parse_AnyText_YieldsCommandOrOneLineError(CommandInput input)
    {
        var parsed = CommandTextParser.Parse(input.Text);

        Assert.True(parsed.Success ^ parsed.Error is not null);
        if (parsed.Success)
        {
            Assert.NotNull(parsed.Spec);
            Assert.All(parsed.Options.Keys, name => Assert.NotNull(parsed.Spec!.Option(name)));
        }
        else
        {
            Assert.DoesNotContain('\n', parsed.Error!);
            Assert.DoesNotContain('\r', parsed.Error!);
        }
    }

    [Property(MaxTest = 300, Arbitrary = [typeof(CommandInputs)])]
    public void Parse_AnyTextAfterAValidCommand_YieldsCommandOrOneLineError(CommandInput input)
    {
        var parsed = CommandTextParser.Parse("/dpse story share " + input.Text);

        Assert.True(parsed.Success ^ parsed.Error is not null);
        Assert.DoesNotContain('\n', parsed.Error ?? "");
    }

    [Property(MaxTest = 300, Arbitrary = [typeof(CommandInputs)])]
    public async Task RunAsync_AnyPrintableInputAsMember_RepliesAndWritesNothingOnError(PrintableInput input)
    {
        await SeedAsync();
        await AssertReplyAsync(input.Text, TestExchange.Bob);
    }

    [Property(MaxTest = 300, Arbitrary = [typeof(CommandInputs)])]
    public async Task RunAsync_AnyInputAsModerator_RepliesAndWritesNothingOnError(CommandInput input)
    {
        await SeedAsync();
        await AssertReplyAsync(input.Text, TestExchange.Mona);
    }

    public void Dispose() => _exchange.Dispose();

    private async Task AssertReplyAsync(string text, Dpse.Core.Identity.Actor actor)
    {
        var before = await ExchangeState.CaptureAsync(_exchange);
        var reply = await _exchange.RunAsync(text, actor);

        Assert.NotNull(reply);
        Assert.NotEmpty(reply.Message.Blocks);
        var shown = PlainTextRenderer.Render(reply.Message);
        Assert.False(string.IsNullOrWhiteSpace(shown));
        if (reply.IsError)
        {
            Assert.Equal(Visibility.OnlyInvoker, reply.Visibility);
            Assert.DoesNotContain("Something went wrong", shown, StringComparison.Ordinal);
            Assert.Equal(before, await ExchangeState.CaptureAsync(_exchange));
        }
    }

    private async Task SeedAsync()
    {
        if (_exchange.Stores.Audit.Entries.Count > 0)
        {
            return;
        }

        await _exchange.RunOkAsync("story share outcome:failure title:\"Search rebuild\" summary:\"Solr went wrong.\" org:\"Anytown Council\" attribution:anonymised", TestExchange.Alice);
        await _exchange.RunOkAsync("event add title:\"Open Councils\" start:\"2026-12-03 14:00\" tz:Europe/London", TestExchange.Alice);
    }
}
