namespace Dpse.Core.Commands;

/// <summary>
/// Typed reads of value-type options (numbers, ids, enums, dates): the counterpart of
/// <see cref="CommandInvocation.Get{T}(Option{T})"/>, which covers reference types; C# needs the two apart to return
/// <c>T?</c> as a nullable value here and a nullable reference there. The same checks apply.
/// </summary>
public static class InvocationValues
{
    /// <summary>The value of <paramref name="option"/>, or null when it was not given.</summary>
    public static T? Get<T>(this CommandInvocation invocation, Option<T> option)
        where T : struct => invocation.Read(option) is { } value ? (T)value : null;
}
