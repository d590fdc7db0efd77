#Requires -Version 7.2
# The markdown of the help sources as plain text: a file's '#', '##' and '###' headings, and the
# paragraphs and code blocks under them. Help is plain text, so markdown's inline marks go.

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0

function ConvertFrom-HelpMarkdown {
    <# Splits a help file into its sections: '# Name', '## Section', '### Item' headings. #>
    # Fenced code blocks are kept whole, so a '#' inside code is never a heading.
    param([string] $Path)
    $document = [ordered]@{ Name = $null; Sections = [ordered]@{} }
    $section = $null
    $item = $null
    $inFence = $false
    $lineNumber = 0
    foreach ($line in [System.IO.File]::ReadAllLines($Path)) {
        $lineNumber++
        if ($line -match '^\s*```') { $inFence = -not $inFence }
        if (-not $inFence -and $line -match '^(#{1,3})\s+(.+?)\s*$') {
            $level = $Matches[1].Length
            $title = $Matches[2]
            if ($level -eq 1) { $document.Name = $title; $section = $null; $item = $null; continue }
            if ($level -eq 2) {
                $section = [ordered]@{ Lines = [System.Collections.Generic.List[string]]::new(); Items = [System.Collections.Generic.List[object]]::new() }
                $document.Sections[$title] = $section
                $item = $null
                continue
            }
            if ($null -eq $section) { throw "${Path}:${lineNumber}: '### $title' is outside any '## ' section." }
            $item = [ordered]@{ Title = $title; Lines = [System.Collections.Generic.List[string]]::new() }
            $section.Items.Add($item)
            continue
        }
        if ($null -ne $item) { $item.Lines.Add($line) }
        elseif ($null -ne $section) { $section.Lines.Add($line) }
        elseif ($line.Trim()) { throw "${Path}:${lineNumber}: text before the first '## ' section." }
    }
    if ($inFence) { throw "${Path}: a code fence (```) is not closed." }
    $document
}

$InlineMarks = [char[]]'[`*'

function ConvertTo-InlineText([string] $text) {
    # Help is plain text: markdown's inline marks go, link targets stay readable.
    $text = [regex]::Replace($text, '\[([^\]]+)\]\(([^)]*)\)', { param($m) if ($m.Groups[2].Value) { "$($m.Groups[1].Value) ($($m.Groups[2].Value))" } else { $m.Groups[1].Value } })
    $text = [regex]::Replace($text, '`([^`]+)`', '$1')
    $text = [regex]::Replace($text, '\*\*([^*]+)\*\*', '$1')
    $text
}

# Fenced code blocks, with the code as group 1. Splitting on this pattern yields text and code in turn.
$FencePattern = [regex]::new('^[ \t]*```[^\n]*\n(.*?)\n?[ \t]*```[ \t]*$', 'Multiline, Singleline')
# A line break inside a paragraph, except before a list item ('- ', '* ', '1. ').
$JoinedBreakPattern = [regex]::new('[ \t]*\n[ \t]*(?!(?:[-*]|\d+\.)[ \t])')
$ListBreakPattern = [regex]::new('[ \t]*\n[ \t]*')

function Split-Block([string[]] $Lines) {
    <# Lines -> blocks: @{ Kind = 'Text' | 'Code'; Text }. #>
    # A blank line ends a paragraph; list items keep a line each; other lines of a paragraph join
    # with a space. Whole-text regular expressions rather than a loop over lines: the build runs
    # this on every help file.
    $parts = $FencePattern.Split(($Lines -join "`n"))
    for ($i = 0; $i -lt $parts.Count; $i++) {
        if ($i % 2) { @{ Kind = 'Code'; Text = $parts[$i] }; continue }
        foreach ($paragraph in $parts[$i] -split '\n[ \t]*(?:\n[ \t]*)+') {
            $paragraph = $paragraph.Trim()
            if (-not $paragraph) { continue }
            $paragraph = $ListBreakPattern.Replace($JoinedBreakPattern.Replace($paragraph, ' '), "`n")
            if ($paragraph.IndexOfAny($InlineMarks) -ge 0) { $paragraph = ConvertTo-InlineText $paragraph }
            @{ Kind = 'Text'; Text = $paragraph }
        }
    }
}

function Get-Paragraph([string[]] $Lines) {
    <# The text of each paragraph and code block of the lines. #>
    foreach ($block in Split-Block $Lines) { $block.Text }
}

Export-ModuleMember -Function ConvertFrom-HelpMarkdown, Split-Block, Get-Paragraph
