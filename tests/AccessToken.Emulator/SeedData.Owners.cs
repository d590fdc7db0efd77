using System.Globalization;

namespace AccessToken.Emulator;

/// <summary>The deterministic applications and instances, with their tokens.</summary>
public static partial class SeedData
{
    /// <summary>Shown as <c>creatorName</c>: every token in the emulator was made by the one user.</summary>
    public const string UserName = "Emulator User";

    public const string ApplicationIdPrefix = "5b";
    public const string ApplicationTokenIdPrefix = "5c";
    public const string InstanceIdPrefix = "5d";
    public const string InstanceTokenIdPrefix = "5e";

    /// <summary>The organization the seeded roles name.</summary>
    public const string OrgId = "5900000000000000000000c1";

    public static readonly string[] UserDefaultScope = ["all.User"];
    public static readonly string[] ApplicationDefaultScope = ["all.Application"];
    public static readonly string[] InstanceDefaultScope = ["all.Instance"];

    private static readonly DateTime ApplicationOrigin = Utc("2021-01-01T00:00:00.000Z");

    /// <summary>
    /// Three applications: one with tokens of every state, one with a single token, one empty.
    /// </summary>
    public static IEnumerable<TokenOwner> DefaultApplications(IdSequence ids)
    {
        yield return Owner(ids, OwnerKind.Application, 1, "Fleet Monitor", "Tracks the delivery fleet",
        [
            (id, owner) => new StoredToken(id, owner, "Dashboard kiosk",
                Utc("2021-02-01T08:00:00.000Z"), Utc("2021-02-01T08:00:00.000Z"), Utc("2030-01-01T00:00:00.000Z"),
                ["all.Application.read"], Active: true, Secret: null, Description: "Lobby screen"),
            (id, owner) => new StoredToken(id, owner, "Device provisioning",
                Utc("2021-03-15T12:30:00.000Z"), Utc("2022-01-10T09:00:00.000Z"), null,
                ["all.Device"], Active: true, Secret: null),
            (id, owner) => new StoredToken(id, owner, "Legacy webhook",
                Utc("2019-07-04T00:00:00.000Z"), Utc("2020-12-31T23:00:00.000Z"), Utc("2021-01-01T00:00:00.000Z"),
                ["all.Application"], Active: false, Secret: null),
        ]);
        yield return Owner(ids, OwnerKind.Application, 2, "Greenhouse Sensors", null,
        [
            (id, owner) => new StoredToken(id, owner, "Sensor ingest",
                Utc("2022-05-20T06:00:00.000Z"), Utc("2022-05-20T06:00:00.000Z"), null,
                ["all.Device"], Active: true, Secret: null, Description: "Writes greenhouse sensor state"),
        ]);
        yield return Owner(ids, OwnerKind.Application, 3, "Empty Sandbox", null, []);
    }

    /// <summary>One Enterprise instance with an active read-only token and an inactive admin token.</summary>
    public static IEnumerable<TokenOwner> DefaultInstances(IdSequence ids)
    {
        yield return Owner(ids, OwnerKind.Instance, 1, "Acme Enterprise", null,
        [
            (id, owner) => new StoredToken(id, owner, "Org audit",
                Utc("2023-01-09T10:00:00.000Z"), Utc("2023-01-09T10:00:00.000Z"), Utc("2030-01-01T00:00:00.000Z"),
                ["all.Instance.read"], Active: true, Secret: null, DefaultRole: "view"),
            (id, owner) => new StoredToken(id, owner, "Instance admin",
                Utc("2023-02-14T15:45:00.000Z"), Utc("2023-06-01T00:00:00.000Z"), null,
                ["all.Instance"], Active: false, Secret: null, DefaultRole: "admin",
                OrgRoles: [new OrgRole(OrgId, "edit", null, null)]),
        ]);
    }

    /// <summary>
    /// <paramref name="count"/> owners named "Application 00001" (or "Instance 00001") onwards,
    /// each with <paramref name="tokensEach"/> tokens made like the generated user tokens.
    /// </summary>
    public static IEnumerable<TokenOwner> GeneratedOwners(IdSequence ids, OwnerKind kind, int count, int tokensEach)
    {
        string label = kind == OwnerKind.Application ? "Application " : "Instance ";
        string[] scope = DefaultScopeFor(kind);
        for (int i = 1; i <= count; i++)
        {
            var makers = new Func<string, string, StoredToken>[tokensEach];
            for (int j = 1; j <= tokensEach; j++)
            {
                int index = j;
                makers[j - 1] = (id, owner) => Generated(index, id, owner, scope);
            }
            yield return Owner(ids, kind, i, label + i.ToString("D5", CultureInfo.InvariantCulture), null, makers);
        }
    }

    public static string OwnerId(OwnerKind kind, int index) =>
        (kind == OwnerKind.Application ? ApplicationIdPrefix : InstanceIdPrefix) + index.ToString("x22", CultureInfo.InvariantCulture);

    /// <summary>Token <paramref name="token"/> of owner <paramref name="owner"/>: the owner in 10 hex digits, the token in 12.</summary>
    public static string OwnedTokenId(OwnerKind kind, int owner, int token) =>
        (kind == OwnerKind.Application ? ApplicationTokenIdPrefix : InstanceTokenIdPrefix)
        + owner.ToString("x10", CultureInfo.InvariantCulture) + token.ToString("x12", CultureInfo.InvariantCulture);

    public static string[] DefaultScopeFor(OwnerKind kind) => kind switch
    {
        OwnerKind.Application => ApplicationDefaultScope,
        OwnerKind.Instance => InstanceDefaultScope,
        _ => UserDefaultScope,
    };

    private static TokenOwner Owner(IdSequence ids, OwnerKind kind, int index, string name, string? description,
        Func<string, string, StoredToken>[] tokens)
    {
        string id = OwnerId(kind, index);
        DateTime created = ApplicationOrigin.AddMinutes(index);
        var seeded = new StoredToken[tokens.Length];
        for (int j = 0; j < tokens.Length; j++)
        {
            seeded[j] = tokens[j](OwnedTokenId(kind, index, j + 1), id);
        }
        string path = (kind == OwnerKind.Application ? "/applications/" : "/instances/") + id + "/tokens";
        var store = new TokenStore(ids, DefaultScopeFor(kind), seeded);
        return new TokenOwner(id, name, description, created, created, new TokenCollection(kind, id, path, store));
    }
}
