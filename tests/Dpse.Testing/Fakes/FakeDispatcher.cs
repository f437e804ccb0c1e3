using Dpse.Core.Commands;
using Dpse.Core.Identity;
using Dpse.Core.Messages;

namespace Dpse.Testing.Fakes;

/// <summary>
/// A scriptable stand-in for the core's CommandRouter that records what an adapter asked: the one fake dispatcher of
/// the Discord and Slack adapter tests. By default it answers privately with "ran ..." or "pressed ...".
/// </summary>
public sealed class FakeDispatcher : ICommandDispatcher
{
    public AsyncLog<(string Kind, string Text, Actor Actor, ChannelRef Place, CommandRequest? Request)> Calls { get; } = new();

    /// <summary>The structured requests (slash commands, submitted forms) in the order they came.</summary>
    public IReadOnlyList<CommandRequest> Requests => [.. Calls.Snapshot().Where(c => c.Kind == "request").Select(c => c.Request!)];

    /// <summary>The button and menu action ids in the order they came.</summary>
    public IReadOnlyList<string> Actions => [.. Calls.Snapshot().Where(c => c.Kind == "action").Select(c => c.Text)];

    public Func<string, Actor, CancellationToken, Task<Reply>> OnText { get; set; } =
        (text, _, _) => Task.FromResult(Reply.Private(Message.Line("ran " + text)));

    public Func<CommandRequest, CancellationToken, Task<Reply>> OnRequest { get; set; } =
        (request, _) => Task.FromResult(Reply.Private(Message.Line("ran " + request.Path.Value)));

    public Func<string, Actor, CancellationToken, Task<Reply>> OnAction { get; set; } =
        (id, _, _) => Task.FromResult(Reply.Private(Message.Line("pressed " + id)));

    public Task<Reply> DispatchAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        Calls.Add(("request", request.Path.Value, request.Actor, request.Place, request));
        return OnRequest(request, cancellationToken);
    }

    public Task<Reply> DispatchTextAsync(string text, Actor actor, ChannelRef place, bool canOpenForms, CancellationToken cancellationToken)
    {
        Calls.Add(("text", text, actor, place, null));
        return OnText(text, actor, cancellationToken);
    }

    public Task<Reply> DispatchActionAsync(string actionId, Actor actor, ChannelRef place, CancellationToken cancellationToken)
    {
        Calls.Add(("action", actionId, actor, place, null));
        return OnAction(actionId, actor, cancellationToken);
    }
}
