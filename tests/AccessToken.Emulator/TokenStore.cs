using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;

namespace AccessToken.Emulator;

/// <summary>
/// One token as the emulator keeps it. Immutable: an update swaps the whole record, so a list that
/// is being streamed never sees a token half-changed. <see cref="OwnerId"/> is the user for user
/// tokens (the old shape calls it <c>userId</c>), else the application or instance. The last three
/// fields exist only in today's shape; the old shape never shows them.
/// </summary>
public sealed record StoredToken(
    string Id,
    string OwnerId,
    string Name,
    DateTime CreationDate,
    DateTime LastUpdated,
    DateTime? ExpirationDate,
    string[] Scope,
    bool Active,
    string? Secret,
    string? Description = null,
    string? DefaultRole = null,
    OrgRole[]? OrgRoles = null) : IListed;

/// <summary>One entry of <c>applicationRoles</c> or <c>dashboardRoles</c>.</summary>
public sealed record ResourceRole(string ResourceId, string Role);

/// <summary>One entry of a token's <c>orgRoles</c>.</summary>
public sealed record OrgRole(string OrgId, string Role, ResourceRole[]? ApplicationRoles, ResourceRole[]? DashboardRoles);

/// <summary>The fields of a validated post body (old <c>accessTokenPost</c> or today's kinds).</summary>
public sealed record TokenPost(
    string Name,
    DateTime? ExpirationDate,
    string[]? Scope,
    bool? Active,
    string? Description = null,
    string? DefaultRole = null,
    OrgRole[]? OrgRoles = null);

/// <summary>The fields of a validated patch body; null means "not sent".</summary>
public sealed record TokenPatch(
    string? Name,
    bool? Active,
    string? Description = null,
    string? DefaultRole = null,
    OrgRole[]? OrgRoles = null)
{
    public bool IsEmpty => Name is null && Active is null && Description is null && DefaultRole is null && OrgRoles is null;
}

/// <summary>
/// Hands out the ids of created tokens. One sequence serves every token collection, so a created id
/// names one token in the whole emulator; it restarts on reset so test runs repeat.
/// </summary>
public sealed class IdSequence
{
    public const string CreatedIdPrefix = "5f";

    private long _last;

    public string Next() => CreatedIdPrefix + Interlocked.Increment(ref _last).ToString("x22", CultureInfo.InvariantCulture);

    public void Reset() => Interlocked.Exchange(ref _last, 0);
}

/// <summary>
/// The token collection in insertion order. Lookups, writes and removals are O(1); listing hands out
/// an array snapshot that is cached until the next write, so repeated lists of 100,000 tokens cost
/// no copying and never hold the lock while bytes go to the network.
/// </summary>
public sealed class TokenStore(IdSequence ids, string[] defaultScope)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, LinkedListNode<StoredToken>> _byId = new(StringComparer.OrdinalIgnoreCase);
    private readonly LinkedList<StoredToken> _ordered = new();
    private StoredToken[]? _snapshot;

    public TokenStore(IdSequence ids, string[] defaultScope, IEnumerable<StoredToken> seed)
        : this(ids, defaultScope) => Replace(seed);


    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _ordered.Count;
            }
        }
    }

    public void Replace(IEnumerable<StoredToken> seed)
    {
        lock (_gate)
        {
            _byId.Clear();
            _ordered.Clear();
            _snapshot = null;
            foreach (StoredToken token in seed)
            {
                _byId[token.Id] = _ordered.AddLast(token);
            }
        }
    }

    public bool TryGet(string id, out StoredToken token)
    {
        lock (_gate)
        {
            if (_byId.TryGetValue(id, out LinkedListNode<StoredToken>? node))
            {
                token = node.Value;
                return true;
            }
        }
        token = null!;
        return false;
    }

    public StoredToken[] Snapshot()
    {
        lock (_gate)
        {
            if (_snapshot is null)
            {
                var items = new StoredToken[_ordered.Count];
                _ordered.CopyTo(items, 0);
                _snapshot = items;
            }
            return _snapshot;
        }
    }

    public StoredToken Create(TokenPost post, string ownerId, DateTime now)
    {
        string secret = NewSecret();
        lock (_gate)
        {
            string id;
            do
            {
                // Counter-based ids keep test runs repeatable; the loop only guards against a seed
                // that happens to use the same prefix.
                id = ids.Next();
            }
            while (_byId.ContainsKey(id));

            var token = new StoredToken(
                id,
                ownerId,
                post.Name,
                now,
                now,
                post.ExpirationDate,
                post.Scope ?? defaultScope,
                post.Active ?? true,
                secret,
                post.Description,
                post.DefaultRole,
                post.OrgRoles);
            _byId[id] = _ordered.AddLast(token);
            _snapshot = null;
            return token;
        }
    }

    public bool TryUpdate(string id, TokenPatch patch, DateTime now, out StoredToken updated)
    {
        lock (_gate)
        {
            if (!_byId.TryGetValue(id, out LinkedListNode<StoredToken>? node))
            {
                updated = null!;
                return false;
            }

            if (!patch.IsEmpty)
            {
                node.Value = node.Value with
                {
                    Name = patch.Name ?? node.Value.Name,
                    Active = patch.Active ?? node.Value.Active,
                    Description = patch.Description ?? node.Value.Description,
                    DefaultRole = patch.DefaultRole ?? node.Value.DefaultRole,
                    OrgRoles = patch.OrgRoles ?? node.Value.OrgRoles,
                    LastUpdated = now,
                };
                _snapshot = null;
            }
            updated = node.Value;
            return true;
        }
    }

    public bool Remove(string id)
    {
        lock (_gate)
        {
            if (!_byId.Remove(id, out LinkedListNode<StoredToken>? node))
            {
                return false;
            }
            _ordered.Remove(node);
            _snapshot = null;
            return true;
        }
    }

    /// <summary>The current time at the millisecond precision the wire format carries.</summary>
    public static DateTime Now()
    {
        long ticks = DateTime.UtcNow.Ticks;
        return new DateTime(ticks - (ticks % TimeSpan.TicksPerMillisecond), DateTimeKind.Utc);
    }

    private static string NewSecret()
    {
        Span<byte> bytes = stackalloc byte[36];
        RandomNumberGenerator.Fill(bytes);
        return Base64Url.EncodeToString(bytes);
    }
}
