namespace Losant.AccessTokens.Tests.Infrastructure;

/// <summary>One owner of tokens under today's API, with its collection's path and one of its seeded tokens.</summary>
public sealed record OwnerCase(string Name, TokenOwner Owner, string Collection, string TokenId)
{
    public string Item => Collection + "/" + TokenId;
}

/// <summary>The emulator's seeds of today's API (its README, "Seeds"), by the names tests use.</summary>
public static class CurrentSeeds
{
    public const string FleetMonitor = "5b0000000000000000000001";
    public const string GreenhouseSensors = "5b0000000000000000000002";
    public const string EmptySandbox = "5b0000000000000000000003";
    public const string AcmeInstance = "5d0000000000000000000001";

    /// <summary>The query every call of today's API carries unless told otherwise.</summary>
    public const string DefaultFlags = "?_actions=false&_links=true&_embedded=true";

    /// <summary>The query of the first page of a list.</summary>
    public const string FirstPage = DefaultFlags + "&page=0&perPage=100";

    public static readonly OwnerCase Caller = new("caller", TokenOwner.Caller, "/me/tokens", Operations.SeedId);

    public static readonly OwnerCase Application =
        new("application", TokenOwner.Application(FleetMonitor), "/applications/" + FleetMonitor + "/tokens", "5c0000000001000000000001");

    public static readonly OwnerCase Instance =
        new("instance", TokenOwner.Instance(AcmeInstance), "/instances/" + AcmeInstance + "/tokens", "5e0000000001000000000001");

    public static readonly OwnerCase[] Owners = [Caller, Application, Instance];

    public static OwnerCase Owner(string name) => Owners.Single(o => o.Name == name);

    /// <summary>Every operation for every owner, by name, for theories.</summary>
    public static TheoryData<string, Operation> EachOwnerAndOperation()
    {
        var data = new TheoryData<string, Operation>();
        foreach (var owner in Owners)
        {
            foreach (var operation in Operations.All) data.Add(owner.Name, operation);
        }

        return data;
    }

    public static TheoryData<string> EachOwner()
    {
        var data = new TheoryData<string>();
        foreach (var owner in Owners) data.Add(owner.Name);
        return data;
    }

    /// <summary>Id of generated user token <paramref name="index"/> (1-based), as <c>--seed-count</c> makes them.</summary>
    public static string GeneratedId(int index) => "5a" + index.ToString("x22", System.Globalization.CultureInfo.InvariantCulture);
}
