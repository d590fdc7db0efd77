namespace Losant.AccessTokens.Tests.Infrastructure;

/// <summary>The five operations of the client, so one test can prove a behaviour for each.</summary>
public enum Operation
{
    Get,
    List,
    Update,
    Delete,
    Create,
}

public static class Operations
{
    /// <summary>The first seeded token: active, expiring in 2030.</summary>
    public const string SeedId = "5a0000000000000000000001";

    public static readonly Operation[] All = Enum.GetValues<Operation>();

    public static TheoryData<Operation> Each()
    {
        var data = new TheoryData<Operation>();
        foreach (var operation in All) data.Add(operation);
        return data;
    }

    public static string Method(Operation operation) => operation switch
    {
        Operation.Get or Operation.List => "GET",
        Operation.Update => "PATCH",
        Operation.Delete => "DELETE",
        _ => "POST",
    };

    public static string Path(Operation operation) =>
        operation is Operation.List or Operation.Create ? "/access-tokens" : "/access-tokens/" + SeedId;

    /// <summary>
    /// Runs the operation to its end (a list is read to its last token) and returns what it
    /// produced: a token, the list of tokens, or <c>true</c> for a deletion.
    /// </summary>
    public static async Task<object> RunAsync(AccessTokenClient client, Operation operation, QueryFlags? flags = null, CancellationToken cancellationToken = default)
    {
        flags ??= QueryFlags.Default;
        switch (operation)
        {
            case Operation.Get:
                return await client.GetAsync(TokenOwner.Caller, SeedId, flags, cancellationToken);
            case Operation.List:
                using (var stream = await client.ListAsync(TokenOwner.Caller, ListQuery.All, flags, cancellationToken))
                {
                    return await ReadAllAsync(stream, cancellationToken);
                }

            case Operation.Update:
                return await client.UpdateAsync(TokenOwner.Caller, SeedId, new AccessTokenPatch { Name = "Renamed" }, flags, cancellationToken);
            case Operation.Delete:
                await client.DeleteAsync(TokenOwner.Caller, SeedId, flags, cancellationToken);
                return true;
            default:
                return await client.CreateAsync(TokenOwner.Caller, new AccessTokenPost("Created"), flags, cancellationToken);
        }
    }

    /// <summary>The same operations through the overloads that name the owner, on its token <paramref name="tokenId"/>.</summary>
    public static async Task<object> RunAsync(AccessTokenClient client, Operation operation, TokenOwner owner, string tokenId, QueryFlags? flags = null, CancellationToken cancellationToken = default)
    {
        flags ??= QueryFlags.Default;
        switch (operation)
        {
            case Operation.Get:
                return await client.GetAsync(owner, tokenId, flags, cancellationToken);
            case Operation.List:
                using (var stream = await client.ListAsync(owner, ListQuery.All, flags, cancellationToken))
                {
                    return await ReadAllAsync(stream, cancellationToken);
                }

            case Operation.Update:
                return await client.UpdateAsync(owner, tokenId, new AccessTokenPatch { Name = "Renamed" }, flags, cancellationToken);
            case Operation.Delete:
                await client.DeleteAsync(owner, tokenId, flags, cancellationToken);
                return true;
            default:
                return await client.CreateAsync(owner, new AccessTokenPost("Created"), flags, cancellationToken);
        }
    }

    /// <summary>Every item of a listing, read to its end by the engine's own <see cref="Listing{T}.ReadAllAsync"/>.</summary>
    public static Task<List<T>> ReadAllAsync<T>(Listing<T> listing, CancellationToken cancellationToken = default)
        where T : class => listing.ReadAllAsync(cancellationToken);
}
