using System;
using System.Linq;
using System.Text;
using System.Text.Json;

namespace Losant.AccessTokens.Json
{
    /// <summary>
    /// Keeps the fields of a token that <see cref="AccessTokenWire"/> does not read (<c>_links</c>,
    /// <c>_type</c>, whatever the API adds) as they came: one JSON object of those members, in the
    /// answer's order, for <see cref="Models.FieldDictionary"/> to read when someone asks. A few
    /// dozen bytes a token instead of dictionaries nobody may look at.
    /// </summary>
    internal static class UnknownFields
    {
        // The names the serializer reads into the wire type, as its generated metadata has them.
        private static readonly byte[][] Known = AccessTokenJsonContext.Default.AccessTokenWire.Properties
            .Select(property => Encoding.UTF8.GetBytes(property.Name)).ToArray();

        // Start and end of each unknown member found; kept per thread so a token allocates only its result.
        [ThreadStatic]
        private static int[]? _bounds;

        /// <summary>The members of the object <paramref name="item"/> that are not the wire type's, as one JSON object; null when there are none.</summary>
        public static byte[]? Collect(ReadOnlySpan<byte> item)
        {
            var reader = new Utf8JsonReader(item);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return null;
            var bounds = _bounds ??= new int[16];
            var count = 0;
            var length = 1;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var start = (int)reader.TokenStartIndex;
                var known = IsKnown(ref reader);
                reader.Read();
                reader.Skip();
                if (known) continue;
                if (count == bounds.Length) _bounds = bounds = Grow(bounds);
                var end = (int)reader.BytesConsumed;
                bounds[count++] = start;
                bounds[count++] = end;
                length += end - start + 1;
            }

            if (count == 0) return null;

            // '{', then each member followed by ',' or, after the last, '}'.
            var json = new byte[length];
            json[0] = (byte)'{';
            var at = 1;
            for (var i = 0; i < count; i += 2)
            {
                var member = item.Slice(bounds[i], bounds[i + 1] - bounds[i]);
                member.CopyTo(json.AsSpan(at));
                at += member.Length;
                json[at++] = i + 2 < count ? (byte)',' : (byte)'}';
            }

            return json;
        }

        private static bool IsKnown(ref Utf8JsonReader reader)
        {
            foreach (var name in Known)
            {
                if (reader.ValueTextEquals(name)) return true;
            }

            return false;
        }

        private static int[] Grow(int[] bounds)
        {
            var larger = new int[bounds.Length * 2];
            bounds.CopyTo(larger, 0);
            return larger;
        }
    }
}
