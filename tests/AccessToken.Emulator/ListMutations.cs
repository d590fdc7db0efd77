using System.Globalization;
using System.Text.Json;

namespace AccessToken.Emulator;

/// <summary>
/// A change to one token collection, made at once or armed to happen after a given page of a
/// list of that collection has been taken, so tests can change the set while a client pages.
/// </summary>
public sealed class ListMutation(string path, TokenCollection collection, int? afterPage, int add, int remove, string[] removeIds)
{
    private int _fired;

    public TokenCollection Collection { get; } = collection;

    public int? AfterPage { get; } = afterPage;

    public bool Fired => Volatile.Read(ref _fired) != 0;

    /// <summary>True for exactly one caller: an armed mutation fires once.</summary>
    public bool TryClaim() => Interlocked.Exchange(ref _fired, 1) == 0;

    /// <summary>Removes first (the oldest <c>remove</c> tokens, then <c>removeIds</c>), then adds.</summary>
    public void Apply(ListMutations owner)
    {
        TokenStore store = Collection.Store;
        StoredToken[] current = store.Snapshot();
        for (int i = 0; i < Math.Min(remove, current.Length); i++)
        {
            store.Remove(current[i].Id);
        }
        foreach (string id in removeIds)
        {
            store.Remove(id);
        }
        DateTime now = TokenStore.Now();
        for (int i = 0; i < add; i++)
        {
            store.Create(new TokenPost(owner.NextAddedName(), null, null, null), Collection.OwnerId, now);
        }
    }

    public void Write(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteString("path", path);
        if (AfterPage is int page)
        {
            writer.WriteNumber("afterPage", page);
        }
        else
        {
            writer.WriteNull("afterPage");
        }
        writer.WriteNumber("add", add);
        writer.WriteNumber("remove", remove);
        writer.WriteStartArray("removeIds");
        foreach (string id in removeIds)
        {
            writer.WriteStringValue(id);
        }
        writer.WriteEndArray();
        writer.WriteBoolean("fired", Fired);
        writer.WriteEndObject();
    }
}

/// <summary>The armed mutations, checked by every paged token list after it has taken its page.</summary>
public sealed class ListMutations
{
    private volatile ListMutation[] _armed = [];
    private int _addedCount;

    public ListMutation[] Armed => _armed;

    public void Arm(ListMutation[] mutations) => _armed = [.. _armed, .. mutations];

    public void Clear() => _armed = [];

    public void Reset()
    {
        _armed = [];
        Interlocked.Exchange(ref _addedCount, 0);
    }

    /// <summary>Names of added tokens count up across the emulator: "Added 00001", "Added 00002", ...</summary>
    public string NextAddedName() =>
        "Added " + Interlocked.Increment(ref _addedCount).ToString("D5", CultureInfo.InvariantCulture);

    public void AfterPage(TokenCollection collection, int page)
    {
        ListMutation[] armed = _armed;
        if (armed.Length == 0)
        {
            return;
        }
        foreach (ListMutation mutation in armed)
        {
            if (mutation.AfterPage == page && ReferenceEquals(mutation.Collection.Store, collection.Store) && mutation.TryClaim())
            {
                mutation.Apply(this);
            }
        }
    }
}
