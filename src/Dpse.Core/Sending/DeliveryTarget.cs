using System.Text.Json.Serialization;
using Dpse.Core.Identity;

namespace Dpse.Core.Sending;

/// <summary>Where an outbound message goes: a channel, or a person's direct messages.</summary>
/// <remarks>In an export, <c>"to": "channel"</c> or <c>"to": "person"</c> says which.</remarks>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "to")]
[JsonDerivedType(typeof(ChannelTarget), "channel")]
[JsonDerivedType(typeof(DirectTarget), "person")]
public abstract record DeliveryTarget
{
    private protected DeliveryTarget()
    {
    }

    /// <summary>The platform that delivers it.</summary>
    public abstract string Platform { get; }

    /// <summary>A stable key for delivery records.</summary>
    public abstract string Key { get; }
}

/// <summary>A channel post.</summary>
public sealed record ChannelTarget(ChannelRef Channel) : DeliveryTarget
{
    /// <inheritdoc />
    [JsonIgnore]
    public override string Platform => Channel.Platform;

    /// <inheritdoc />
    [JsonIgnore]
    public override string Key => "channel:" + Channel.Key;
}

/// <summary>A direct message to one person.</summary>
public sealed record DirectTarget(ActorRef Person) : DeliveryTarget
{
    /// <inheritdoc />
    [JsonIgnore]
    public override string Platform => Person.Platform;

    /// <inheritdoc />
    [JsonIgnore]
    public override string Key => "dm:" + Person.Key;
}
