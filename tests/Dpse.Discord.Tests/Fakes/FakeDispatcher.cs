using System.Collections.Concurrent;
using Dpse.Core.Commands;
using Dpse.Core.Identity;
using Dpse.Core.Messages;

namespace Dpse.Discord.Tests.Fakes;

/// <summary>A stand-in for the core's router: records what it was asked and answers with <see cref="Answer"/>.</summary>
internal sealed class FakeDispatcher : ICommandDispatcher
{
    public ConcurrentQueue<CommandRequest> Requests { get; } = new();

    public ConcurrentQueue<string> Actions { get; } = new();

    public Func<CommandRequest, Task<Reply>> Answer { get; set; } = r => Task.FromResult(Reply.Public(Message.Simple("Ran " + r.Path.Value, string.Join(", ", r.Options.Select(o => $"{o.Key}={o.Value}")))));

    public Func<string, Task<Reply>> ActionAnswer { get; set; } = id => Task.FromResult(Reply.Public(Message.Line("Action " + id)) with { ReplacesCard = true });

    public Task<Reply> DispatchAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        Requests.Enqueue(request);
        return Answer(request);
    }

    public Task<Reply> DispatchTextAsync(string text, Actor actor, ChannelRef place, bool canOpenForms, CancellationToken cancellationToken) =>
        Task.FromResult(Reply.Error("not used on Discord"));

    public Task<Reply> DispatchActionAsync(string actionId, Actor actor, ChannelRef place, CancellationToken cancellationToken)
    {
        Actions.Enqueue(actionId);
        return ActionAnswer(actionId);
    }
}
