using System;
using System.Text.Json;

namespace Losant.AccessTokens.Json
{
    /// <summary>
    /// A value that is valid JSON but not what the contract describes, thrown from the
    /// converters and the models' checks. It is a <see cref="JsonException"/> so that the
    /// serializer fills in <see cref="JsonException.Path"/>, which names the field.
    /// </summary>
    internal sealed class ShapeException : JsonException
    {
        /// <summary>A problem with the value at the exception's path, which names the field.</summary>
        public ShapeException(string message) : base(message) { }

        /// <summary>
        /// An array of objects as the models keep it: empty for a JSON null, refused when it holds
        /// a null (the serializer's array converter takes one; the models promise items, not holes).
        /// Called as the array is set, so a later repetition of the field cannot hide it.
        /// </summary>
        public static T[] ItemsOrEmpty<T>(T[]? items)
            where T : class
        {
            if (items == null) return Array.Empty<T>();
            if (Array.IndexOf(items, null) >= 0) throw new ShapeException("must hold only objects, not null");
            return items;
        }
    }
}
