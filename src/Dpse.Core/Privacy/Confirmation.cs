namespace Dpse.Core.Privacy;

/// <summary>The one answer that makes <c>me forget</c> go ahead.</summary>
public enum Confirmation
{
    /// <summary>Go ahead.</summary>
    Yes,
}
