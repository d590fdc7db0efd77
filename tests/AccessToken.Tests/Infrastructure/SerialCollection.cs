namespace Losant.AccessTokens.Tests.Infrastructure;

/// <summary>Tests that change process-wide state (the local time zone) and must run alone.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SerialCollection
{
    public const string Name = "Serial";
}
