using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;

namespace Losant.AccessTokens.Models
{
    /// <summary>
    /// A read-only list that writes its values, joined, when turned into text: a token taken to
    /// Export-Csv shows its scopes as <c>devices.get, devices.state</c>, not as a type name.
    /// </summary>
    public sealed class ValueList<T> : ReadOnlyCollection<T>
    {
        /// <summary>The empty list.</summary>
        public static readonly ValueList<T> Empty = new ValueList<T>(Array.Empty<T>());

        /// <summary>Wraps <paramref name="items"/> without copying them.</summary>
        public ValueList(IList<T> items)
            : base(items)
        {
        }

        /// <summary>The values, separated by a comma and a space.</summary>
        public override string ToString() => string.Join(", ", this);
    }
}
