using Dpse.Core.Stories;

namespace Dpse.Core.Tests.Architecture;

public sealed class CoreDependencyTests
{
    private static readonly string[] Referenced =
        [.. typeof(Story).Assembly.GetReferencedAssemblies().Select(a => a.Name ?? "")];

    [Theory]
    [InlineData("Dpse.Discord")]
    [InlineData("Dpse.Slack")]
    [InlineData("Dpse.Storage")]
    [InlineData("Dpse.Bot")]
    [InlineData("LiteDB")]
    [InlineData("OpenTelemetry")]
    public void Core_ReferencesNoPlatformStorageEngineOrExporter(string forbidden) =>
        Assert.DoesNotContain(Referenced, name => name.StartsWith(forbidden, StringComparison.OrdinalIgnoreCase));

    [Fact]
    public void Core_ReferencesOnlyTheBclExtensionAbstractionsOptionsAndNodaTime() =>
        Assert.All(Referenced, name => Assert.True(
            name is "netstandard" or "NodaTime" || name.StartsWith("System", StringComparison.Ordinal)
            || (name.StartsWith("Microsoft.Extensions.", StringComparison.Ordinal)
                && (name.EndsWith(".Abstractions", StringComparison.Ordinal) || name is "Microsoft.Extensions.Options" or "Microsoft.Extensions.Primitives")),
            $"Dpse.Core references {name}"));
}
