namespace AccessToken.Emulator;

public enum OwnerKind
{
    User,
    Application,
    Instance,
}

/// <summary>
/// One owner's tokens as today's API serves them: the store plus what the answers say about the
/// owner. Instance tokens answer <c>ownerType: "user"</c> because the API's schema allows only
/// <c>user</c> and <c>application</c>, and instance tokens carry a user token's roles.
/// </summary>
public sealed class TokenCollection(OwnerKind kind, string ownerId, string path, TokenStore store)
{
    public OwnerKind Kind { get; } = kind;

    public string OwnerId { get; } = ownerId;

    /// <summary>The collection's path, e.g. <c>/applications/{id}/tokens</c>; items are this plus <c>/{id}</c>.</summary>
    public string Path { get; } = path;

    public TokenStore Store { get; } = store;

    public string OwnerType => Kind == OwnerKind.Application ? "application" : "user";

}

/// <summary>An application or an Enterprise instance, and its tokens.</summary>
public sealed record TokenOwner(
    string Id, string Name, string? Description, DateTime CreationDate, DateTime LastUpdated, TokenCollection Tokens) : IListed;

/// <summary>
/// The applications, or the instances. The set is only ever replaced whole, so readers take one
/// immutable view without a lock; the tokens inside each owner change through its own store.
/// </summary>
public sealed class OwnerDirectory(OwnerKind kind)
{
    private volatile View _view = View.Empty;

    public OwnerKind Kind { get; } = kind;

    public TokenOwner[] Snapshot() => _view.Ordered;

    public bool TryGet(string id, out TokenOwner owner) => _view.ById.TryGetValue(id, out owner!);

    public void Replace(IEnumerable<TokenOwner> owners)
    {
        TokenOwner[] ordered = [.. owners];
        var byId = new Dictionary<string, TokenOwner>(ordered.Length, StringComparer.OrdinalIgnoreCase);
        foreach (TokenOwner owner in ordered)
        {
            byId[owner.Id] = owner;
        }
        _view = new View(ordered, byId);
    }

    private sealed record View(TokenOwner[] Ordered, Dictionary<string, TokenOwner> ById)
    {
        public static readonly View Empty = new([], new Dictionary<string, TokenOwner>(StringComparer.OrdinalIgnoreCase));
    }
}
