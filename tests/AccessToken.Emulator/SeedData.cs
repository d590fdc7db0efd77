using System.Globalization;

namespace AccessToken.Emulator;

/// <summary>The deterministic token sets the store starts from.</summary>
public static partial class SeedData
{
    /// <summary>The owner of every seeded and created token.</summary>
    public const string UserId = "59f0000000000000000000aa";

    /// <summary>Generated tokens use this prefix, then the 1-based index as 22 hex digits.</summary>
    public const string GeneratedIdPrefix = "5a";

    private static readonly string[] ApplicationScope = ["all.Application"];
    private static readonly string[] DeviceReadScope = ["devices.state", "devices.get"];

    /// <summary>
    /// Five named tokens covering the cases a client must render: active and inactive, an expiry in
    /// the past, no expiry at all, and expiries in the future.
    /// </summary>
    public static IEnumerable<StoredToken> Default()
    {
        // The description and roles of the first two show only in today's shape (/me/tokens).
        yield return new StoredToken(
            GeneratedId(1), UserId, "Fleet telemetry reader",
            Utc("2016-06-13T04:00:00.000Z"), Utc("2016-06-13T04:00:00.000Z"), Utc("2030-01-01T00:00:00.000Z"),
            ["devices.state", "devices.get"], Active: true, Secret: null,
            Description: "Reads device state for the fleet dashboard", DefaultRole: "view");
        yield return new StoredToken(
            GeneratedId(2), UserId, "Deploy pipeline",
            Utc("2017-03-01T10:15:30.000Z"), Utc("2018-01-20T08:00:00.000Z"), null,
            ["all.Application"], Active: true, Secret: null, DefaultRole: "admin",
            OrgRoles: [new OrgRole("sandbox", "edit", [new ResourceRole(OwnerId(OwnerKind.Application, 1), "collaborate")], null)]);
        yield return new StoredToken(
            GeneratedId(3), UserId, "Old integration",
            Utc("2018-05-04T12:00:00.000Z"), Utc("2019-11-30T17:45:00.000Z"), Utc("2020-06-30T00:00:00.000Z"),
            ["all.Application"], Active: false, Secret: null);
        yield return new StoredToken(
            GeneratedId(4), UserId, "Dashboard viewer",
            Utc("2019-02-14T09:30:00.000Z"), Utc("2019-02-14T09:30:00.000Z"), Utc("2030-06-30T00:00:00.000Z"),
            ["dashboards.get", "dashboard.get"], Active: true, Secret: null);
        yield return new StoredToken(
            GeneratedId(5), UserId, "Backup job",
            Utc("2020-08-01T00:00:00.000Z"), Utc("2021-03-15T06:20:00.000Z"), Utc("2030-12-31T23:59:59.000Z"),
            ["devices.get", "data.export"], Active: false, Secret: null);
    }

    /// <summary>
    /// <paramref name="count"/> tokens named "Token 00001" onwards. Every third is inactive, every
    /// fourth never expires; scope arrays are shared so 100,000 tokens stay small.
    /// </summary>
    public static IEnumerable<StoredToken> Generated(int count)
    {
        for (int i = 1; i <= count; i++)
        {
            yield return Generated(i, GeneratedId(i), UserId, i % 2 == 0 ? ApplicationScope : DeviceReadScope);
        }
    }

    private static readonly DateTime GeneratedOrigin = Utc("2020-01-01T00:00:00.000Z");
    private static readonly DateTime GeneratedExpiry = Utc("2030-01-01T00:00:00.000Z");

    private static StoredToken Generated(int index, string id, string ownerId, string[] scope)
    {
        DateTime created = GeneratedOrigin.AddMinutes(index);
        return new StoredToken(
            id,
            ownerId,
            "Token " + index.ToString("D5", CultureInfo.InvariantCulture),
            created,
            created,
            index % 4 == 0 ? null : GeneratedExpiry,
            scope,
            Active: index % 3 != 0,
            Secret: null);
    }

    public static string GeneratedId(int index) =>
        GeneratedIdPrefix + index.ToString("x22", CultureInfo.InvariantCulture);

    private static DateTime Utc(string iso) =>
        DateTime.ParseExact(iso, "yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture,
            DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
}
