using Dpse.Core.Audit;

namespace Dpse.Core.Commands;

/// <summary>Small readings of an invocation that several features share.</summary>
public static class InvocationExtensions
{
    /// <summary>An audit entry for a change this invocation's actor made.</summary>
    public static AuditEntry Audit(this CommandInvocation invocation, DateTimeOffset at, string action, string target, string? detail = null) =>
        new(at, invocation.Actor.Ref, invocation.Actor.DisplayName, action, target, detail);
}
