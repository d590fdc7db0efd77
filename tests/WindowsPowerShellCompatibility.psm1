# Finds what a script uses that Windows PowerShell 5.1 does not have: syntax its parser rejects,
# cmdlet parameters it lacks, and .NET members that .NET Framework lacks. The Pester suites run
# in Windows PowerShell 5.1 too (the CI job on Windows), and this build machine has none, so
# the scripts are checked here with PowerShell 7's parser instead. Works in both editions: AST
# types that only PowerShell 7 has are compared by name.

# Cmdlet parameters added after Windows PowerShell 5.1 (aliases included where they are used).
$script:NewerParameters = @{
    'ConvertFrom-Json'  = @('AsHashtable', 'Depth', 'NoEnumerate', 'DateKind')
    'ConvertTo-Json'    = @('AsArray', 'EscapeHandling')
    'Invoke-RestMethod' = @('SkipCertificateCheck', 'SkipHttpErrorCheck', 'StatusCodeVariable', 'ResponseHeadersVariable',
        'Authentication', 'Token', 'SslProtocol', 'MaximumRetryCount', 'RetryIntervalSec', 'NoProxy', 'Form', 'Resume',
        'HttpVersion', 'ConnectionTimeoutSeconds', 'OperationTimeoutSeconds', 'AllowInsecureRedirect', 'SkipHeaderValidation',
        'AllowUnencryptedAuthentication', 'PreserveAuthorizationOnRedirect', 'PreserveHttpMethodOnRedirect', 'CustomMethod')
    'ForEach-Object'    = @('Parallel', 'ThrottleLimit', 'AsJob', 'TimeoutSeconds', 'UseNewRunspace')
    'Join-Path'         = @('AdditionalChildPath', 'Extension')
    'Get-Content'       = @('AsByteStream')
    'Set-Content'       = @('AsByteStream')
    'Add-Content'       = @('AsByteStream')
    'Select-String'     = @('Raw', 'NoEmphasis')
    'Sort-Object'       = @('Top', 'Bottom', 'Stable')
    'Get-Random'        = @('Shuffle')
    'Get-Date'          = @('AsUTC', 'UnixTimeSeconds')
    'Start-Process'     = @('Environment')
    'Import-PowerShellDataFile' = @('SkipLimitCheck')
}
$script:NewerParameters['Invoke-WebRequest'] = $script:NewerParameters['Invoke-RestMethod']
$script:CommandAliases = @{ irm = 'Invoke-RestMethod'; iwr = 'Invoke-WebRequest'; '%' = 'ForEach-Object'; foreach = 'ForEach-Object'; gc = 'Get-Content'; sc = 'Set-Content'; sort = 'Sort-Object'; sls = 'Select-String' }

# Cmdlets that Windows PowerShell 5.1 does not have at all.
$script:NewerCommands = @('Test-Json', 'Get-Error', 'Join-String', 'ConvertFrom-Markdown', 'Get-Uptime', 'Remove-Alias', 'Remove-Service', 'Get-PSSubsystem', 'Clear-RecycleBin', 'Set-MarkdownOption')

# Parameters of PowerShell 7 distinctive enough to catch when they are splatted from a hashtable.
$script:SplattedNewerParameters = @('SkipCertificateCheck', 'SkipHttpErrorCheck', 'AllowUnencryptedAuthentication', 'StatusCodeVariable',
    'ResponseHeadersVariable', 'AsHashtable', 'NoEnumerate', 'AdditionalChildPath', 'AsByteStream')

# Syntax that Windows PowerShell 5.1's parser rejects: no file it runs may hold any of it, even
# where the code would never run there, since a file that does not parse runs nothing at all.
$script:SyntaxConstructs = @('the ternary operator ?:', 'a pipeline chain (&& or ||)', 'the null-coalescing operator ??', 'the assignment ??=',
    'a clean block', 'a null-conditional member access (?. or ?[])')

# Encodings by name that 5.1's -Encoding parameters reject.
$script:NewerEncodings = @('utf8NoBOM', 'utf8BOM', 'ansi')

# Variables PowerShell 7 defines and 5.1 leaves unset (so they read as $null, i.e. false).
$script:NewerVariables = @('IsWindows', 'IsLinux', 'IsMacOS', 'IsCoreCLR')

# .NET members .NET Framework 4.x lacks, by name: static members as Type::Member, instance members by member name.
$script:NewerStaticMembers = @('CreateFromPem', 'CreateFromPemFile', 'GetRelativePath', 'ProcessPath', 'GetTotalAllocatedBytes', 'ToHexString', 'FromHexString', 'Clamp')
$script:NewerInstanceMembers = @('ArgumentList')

function Test-PowerShell7Branch($Node) {
    # Whether the node sits in the body of `if ($PSVersionTable.PSEdition -eq 'Core')`, which
    # Windows PowerShell 5.1 parses but never runs.
    for ($parent = $Node.Parent; $parent; $parent = $parent.Parent) {
        if ($parent -isnot [System.Management.Automation.Language.IfStatementAst]) { continue }
        foreach ($clause in $parent.Clauses) {
            if ($clause.Item1.Extent.Text -match "^\`$PSVersionTable\.PSEdition\s+-eq\s+'Core'$" -and
                $Node.Extent.StartOffset -ge $clause.Item2.Extent.StartOffset -and $Node.Extent.EndOffset -le $clause.Item2.Extent.EndOffset) { return $true }
        }
    }
    $false
}

function Find-WindowsPowerShellGap {
    <# Lists each use of syntax, parameter, command or .NET member that Windows PowerShell 5.1 lacks: File, Line, Construct, Text and IsSyntax. #>
    [CmdletBinding(DefaultParameterSetName = 'Path')]
    param(
        [Parameter(Mandatory, ParameterSetName = 'Path', ValueFromPipeline, ValueFromPipelineByPropertyName)]
        [Alias('FullName')] [string] $Path,
        # Script text instead of a file.
        [Parameter(Mandatory, ParameterSetName = 'Source')] [string] $Source
    )
    process {
        $tokens = $null
        $parseErrors = $null
        if ($PSCmdlet.ParameterSetName -eq 'Path') {
            $file = (Resolve-Path -LiteralPath $Path).ProviderPath
            $ast = [System.Management.Automation.Language.Parser]::ParseFile($file, [ref] $tokens, [ref] $parseErrors)
        }
        else {
            $file = '<source>'
            $ast = [System.Management.Automation.Language.Parser]::ParseInput($Source, [ref] $tokens, [ref] $parseErrors)
        }

        function New-Gap($Extent, [string] $Construct) {
            [pscustomobject]@{
                File = $file; Line = $Extent.StartLineNumber; Construct = $Construct; Text = $Extent.Text
                IsSyntax = $Construct -like 'parse error:*' -or $script:SyntaxConstructs -contains $Construct
            }
        }

        # What this PowerShell's own parser rejects (in 5.1 that is where 7's syntax is caught).
        foreach ($parseError in $parseErrors) { New-Gap $parseError.Extent "parse error: $($parseError.Message)" }

        # Windows PowerShell 5.1 reads a script without a byte order mark in the ANSI code page:
        # UTF-8 text turns into other characters there, some of which it takes for quotes.
        if ($PSCmdlet.ParameterSetName -eq 'Path') {
            $bytes = [System.IO.File]::ReadAllBytes($file)
            $hasBom = $bytes.Length -ge 3 -and $bytes[0] -eq 0xEF -and $bytes[1] -eq 0xBB -and $bytes[2] -eq 0xBF
            if (-not $hasBom) {
                $lineNumber = 0
                foreach ($line in [System.IO.File]::ReadAllLines($file)) {
                    $lineNumber++
                    if ($line -match '[^\x00-\x7F]') {
                        [pscustomobject]@{ File = $file; Line = $lineNumber; Construct = 'non-ASCII text in a file without a UTF-8 byte order mark'; Text = $line.Trim(); IsSyntax = $true }
                    }
                }
            }
        }

        $nodes = $ast.FindAll({ $true }, $true)
        foreach ($node in $nodes) {
            $kind = $node.GetType().Name
            # Only syntax matters in code that runs in PowerShell 7 alone.
            if ($kind -notin 'TernaryExpressionAst', 'PipelineChainAst', 'BinaryExpressionAst', 'AssignmentStatementAst', 'NamedBlockAst', 'MemberExpressionAst', 'InvokeMemberExpressionAst', 'IndexExpressionAst' -and
                (Test-PowerShell7Branch $node)) { continue }
            switch ($kind) {
                'TernaryExpressionAst' { New-Gap $node.Extent 'the ternary operator ?:' }
                'PipelineChainAst' { New-Gap $node.Extent 'a pipeline chain (&& or ||)' }
                'BinaryExpressionAst' {
                    if ("$($node.Operator)" -eq 'QuestionQuestion') { New-Gap $node.Extent 'the null-coalescing operator ??' }
                }
                'AssignmentStatementAst' {
                    if ("$($node.Operator)" -eq 'QuestionQuestionEquals') { New-Gap $node.Extent 'the assignment ??=' }
                }
                'HashtableAst' {
                    foreach ($pair in $node.KeyValuePairs) {
                        if ($pair.Item1 -is [System.Management.Automation.Language.StringConstantExpressionAst] -and $script:SplattedNewerParameters -contains $pair.Item1.Value -and
                            -not (Test-PowerShell7Branch $node)) { New-Gap $pair.Item1.Extent "the parameter $($pair.Item1.Value), splatted" }
                    }
                }
                'NamedBlockAst' {
                    if ("$($node.BlockKind)" -eq 'Clean') { New-Gap $node.Extent 'a clean block' }
                }
                'VariableExpressionAst' {
                    if ($script:NewerVariables -contains $node.VariablePath.UserPath) { New-Gap $node.Extent "`$$($node.VariablePath.UserPath), which 5.1 leaves unset" }
                }
                { $_ -in 'MemberExpressionAst', 'InvokeMemberExpressionAst', 'IndexExpressionAst' } {
                    if ($node.PSObject.Properties['NullConditional'] -and $node.NullConditional) { New-Gap $node.Extent 'a null-conditional member access (?. or ?[])' }
                    if ($kind -ne 'IndexExpressionAst' -and $node.Member -is [System.Management.Automation.Language.StringConstantExpressionAst]) {
                        $member = $node.Member.Value
                        if (Test-PowerShell7Branch $node) { break }
                        if ($node.Static -and $script:NewerStaticMembers -contains $member) { New-Gap $node.Extent ".NET's ::$member, which .NET Framework lacks" }
                        if (-not $node.Static -and $script:NewerInstanceMembers -contains $member) { New-Gap $node.Extent ".NET's .$member, which .NET Framework lacks" }
                        if (-not $node.Static -and $script:SplattedNewerParameters -contains $member) { New-Gap $node.Extent "the parameter $member, splatted" }
                    }
                }
                'CommandAst' {
                    $name = $node.GetCommandName()
                    if (-not $name) { break }
                    if ($script:CommandAliases.ContainsKey($name)) { $name = $script:CommandAliases[$name] }
                    if ($script:NewerCommands -contains $name) { New-Gap $node.Extent "the command $name" }
                    $newer = $script:NewerParameters[$name]
                    $positional = 0
                    $elements = $node.CommandElements
                    for ($i = 1; $i -lt $elements.Count; $i++) {
                        $element = $elements[$i]
                        if ($element -is [System.Management.Automation.Language.CommandParameterAst]) {
                            if ($newer) {
                                foreach ($parameter in $newer) {
                                    # PowerShell binds any unambiguous prefix, so -AsHash is -AsHashtable.
                                    if ($parameter -like "$($element.ParameterName)*" -and $element.ParameterName.Length -ge 3) { New-Gap $element.Extent "$name -$parameter" }
                                }
                            }
                            if ($element.ParameterName -eq 'Encoding') {
                                $value = if ($element.Argument) { $element.Argument } elseif ($i + 1 -lt $elements.Count) { $elements[$i + 1] }
                                if ($value -is [System.Management.Automation.Language.StringConstantExpressionAst] -and $script:NewerEncodings -contains $value.Value) {
                                    New-Gap $value.Extent "-Encoding $($value.Value)"
                                }
                            }
                            # A switch takes no value; any other parameter takes the next element.
                            if (-not $element.Argument -and $i + 1 -lt $elements.Count -and
                                $elements[$i + 1] -isnot [System.Management.Automation.Language.CommandParameterAst] -and
                                $element.ParameterName -notin 'Force', 'Resolve', 'Recurse', 'Raw', 'AsPlainText', 'Compress') { $i++ }
                        }
                        elseif ($element -isnot [System.Management.Automation.Language.CommandParameterAst]) {
                            $positional++
                        }
                    }
                    # Join-Path takes a third path only in PowerShell 7 (as -AdditionalChildPath).
                    if ($name -eq 'Join-Path' -and $positional -gt 2) { New-Gap $node.Extent 'Join-Path with more than two paths' }
                }
            }
        }
    }
}

Export-ModuleMember -Function Find-WindowsPowerShellGap
