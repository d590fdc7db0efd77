using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace AccessToken.Emulator;

/// <summary>The list-mutation control endpoint, <c>/_emulator/mutations</c>: change a collection now or after a given page was served.</summary>
public sealed partial class CurrentControl
{
    private Task WriteMutationsAsync(HttpContext context) =>
        ControlRequests.WriteArrayAsync(context, mutations.Armed, static (w, mutation) => mutation.Write(w));

    private async Task MutateAsync(HttpContext context)
    {
        JsonDocument? document = await ControlRequests.ReadJsonAsync(context);
        if (document is null)
        {
            return;
        }
        var parsed = new List<ListMutation>();
        using (document)
        {
            JsonElement root = document.RootElement;
            JsonElement[] items = root.ValueKind == JsonValueKind.Array ? [.. root.EnumerateArray()] : [root];
            for (int i = 0; i < items.Length; i++)
            {
                if (!TryParseMutation(items[i], out ListMutation? mutation, out string error))
                {
                    await JsonResponses.ValidationErrorAsync(context, $"mutation {i}: {error}");
                    return;
                }
                parsed.Add(mutation);
            }
        }

        int applied = 0;
        foreach (ListMutation mutation in parsed.Where(m => m.AfterPage is null))
        {
            mutation.TryClaim();
            mutation.Apply(mutations);
            applied++;
        }
        mutations.Arm([.. parsed.Where(m => m.AfterPage is not null)]);
        await JsonResponses.WriteAsync(context, StatusCodes.Status200OK, (applied, armed: parsed.Count - applied), static (w, s) =>
        {
            w.WriteStartObject();
            w.WriteBoolean("success", true);
            w.WriteNumber("applied", s.applied);
            w.WriteNumber("armed", s.armed);
            w.WriteEndObject();
        });
    }

    private bool TryParseMutation(JsonElement item, out ListMutation mutation, out string error)
    {
        mutation = null!;
        error = string.Empty;
        if (item.ValueKind != JsonValueKind.Object)
        {
            error = "must be a JSON object";
            return false;
        }
        string? path = null;
        int? afterPage = null;
        int add = 0;
        int remove = 0;
        string[] removeIds = [];
        foreach (JsonProperty property in item.EnumerateObject())
        {
            JsonElement value = property.Value;
            switch (property.Name)
            {
                case "path" when value.ValueKind == JsonValueKind.String:
                    path = value.GetString();
                    break;
                case "afterPage" when value.ValueKind == JsonValueKind.Null:
                    break;
                case "afterPage" or "add" or "remove" when value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out int n) && n >= 0:
                    if (property.Name == "afterPage")
                    {
                        afterPage = n;
                    }
                    else if (property.Name == "add")
                    {
                        add = n;
                    }
                    else
                    {
                        remove = n;
                    }
                    break;
                case "removeIds" when value.ValueKind == JsonValueKind.Array
                                      && value.EnumerateArray().All(id => id.ValueKind == JsonValueKind.String):
                    removeIds = [.. value.EnumerateArray().Select(id => id.GetString()!)];
                    break;
                case "path":
                    error = "path must be a string";
                    return false;
                case "removeIds":
                    error = "removeIds must be an array of token ids";
                    return false;
                case "afterPage" or "add" or "remove":
                    error = $"{property.Name} must be a non-negative integer";
                    return false;
                default:
                    error = $"property \"{property.Name}\" is not allowed (allowed: path, afterPage, add, remove, removeIds)";
                    return false;
            }
        }
        if (path is null)
        {
            error = "path is required";
            return false;
        }
        if (!TryResolve(path, out TokenCollection collection, out error))
        {
            return false;
        }
        mutation = new ListMutation(path, collection, afterPage, add, remove, removeIds);
        return true;
    }

    private Task ClearMutationsAsync(HttpContext context)
    {
        mutations.Clear();
        return JsonResponses.WriteSuccessAsync(context);
    }
}
