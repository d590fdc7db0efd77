# The fields New- and Set-AccessToken send under today's API (1.30): exactly the fields given
# (raw bodies compared to the letter), -DefaultRole in lower case, and the fields an owner or an
# API version does not take refused for their input alone, naming the field, before any request.
# Also: what POST and DELETE answer and what the cmdlets make of it, and -WhatIf with the
# parameters of today's API.
BeforeAll {
    # Today's API, whatever the environment says; AfterAll gives the environment back.
    Import-Module (Join-Path $PSScriptRoot 'TestSuite.psm1') -Force
    $script:State = Enter-TestSuite -NoConnection
    $script:Refusal = @{ ErrorVariable = 'failures'; ErrorAction = 'SilentlyContinue' }

    $script:App = Get-EmulatorSeedId 1 -Kind Application
    $script:Instance = Get-EmulatorSeedId 1 -Kind Instance
    $script:AppToken = Get-EmulatorSeedId 1 -Kind ApplicationToken
    $script:InstanceToken = Get-EmulatorSeedId 1 -Kind InstanceToken
    $script:UserToken = Get-EmulatorSeedId 2
    $script:Expires = [datetime]::new(2031, 2, 3, 4, 5, 6, 789, [System.DateTimeKind]::Utc)

    function Get-Stored([string] $Collection, [string] $Id) { Get-EmulatorApiToken $script:Emulator -Path $Collection | Where-Object id -EQ $Id }

    # The one request sent: its method, path, headers and exact body.
    function Assert-OnlyRequest([string] $Method, [string] $Path, [string] $Body) {
        $requests = Get-Request
        $requests.Count | Should -Be 1
        Assert-Request $requests[0] -Method $Method -Path $Path -Bearer $script:Emulator.ApiToken -Body $Body
    }

    # One error per refused input, in order: ErrorId, category, target, the field named; nothing sent.
    function Assert-FieldRefused($Failures, [string] $ErrorId, [string] $Cmdlet, [string] $Field, [string[]] $Targets) {
        Assert-Refused $Failures -ErrorId $ErrorId -Cmdlet $Cmdlet -Target $Targets
        for ($i = 0; $i -lt $Targets.Count; $i++) {
            $Failures[$i].Exception.Message | Should -BeLike "*-$Field ($($Field.Substring(0, 1).ToLowerInvariant() + $Field.Substring(1)))*"
        }
    }
}

AfterAll {
    Exit-TestSuite $script:State
}

Describe 'New-AccessToken sends exactly the fields given' {
    BeforeEach { Reset-Emulator $script:Emulator }

    It 'Every_field_of_a_<Owner>_token_in_the_schemas_order' -ForEach @(
        @{ Owner = 'user'; Arguments = @{ DefaultRole = 'View' }; Path = '/me/tokens'; Role = '"defaultRole":"view",'; Scope = 'all.User' }
        @{ Owner = 'instance'; Arguments = @{ DefaultRole = 'View'; InstanceId = '5d0000000000000000000001' }
            Path = '/instances/5d0000000000000000000001/tokens'; Role = '"defaultRole":"view",'; Scope = 'all.Instance'
        }
        @{ Owner = 'application'; Arguments = @{ ApplicationId = '5b0000000000000000000001' }
            Path = '/applications/5b0000000000000000000001/tokens'; Role = ''; Scope = 'all.Application'
        }
    ) {
        New-AccessToken -Name 'CI' -Description 'Reads state' -Scope 'devices.get', $Scope -ExpirationDate $script:Expires -Status Inactive @Arguments @Connection | Out-Null

        Assert-OnlyRequest POST $Path ('{"name":"CI","description":"Reads state","expirationDate":"2031-02-03T04:05:06.789Z",' +
            $Role + '"scope":["devices.get","' + $Scope + '"],"status":"inactive"}')
    }

    It '<Parameter>_alone_adds_only_its_field' -ForEach @(
        @{ Parameter = 'Description'; Value = 'Reads state'; Field = '"description":"Reads state"' }
        @{ Parameter = 'DefaultRole'; Value = 'collaborate'; Field = '"defaultRole":"collaborate"' }
        @{ Parameter = 'Scope'; Value = @('devices.get'); Field = '"scope":["devices.get"]' }
        @{ Parameter = 'ExpirationDate'; Value = '2031-02-03T04:05:06.789Z'; Field = '"expirationDate":"2031-02-03T04:05:06.789Z"' }
        @{ Parameter = 'Status'; Value = 'Active'; Field = '"status":"active"' }
    ) {
        $given = @{ $Parameter = $Value }
        New-AccessToken -Name 'n' @given @Connection | Out-Null

        Assert-OnlyRequest POST '/me/tokens' "{`"name`":`"n`",$Field}"
    }

    It 'An_empty_description_is_sent_as_given' {
        New-AccessToken -Name 'n' -Description '' @Connection | Out-Null

        Assert-OnlyRequest POST '/me/tokens' '{"name":"n","description":""}'
    }
}

Describe 'Set-AccessToken sends exactly the fields given' {
    BeforeEach { Reset-Emulator $script:Emulator }

    It '<Case>' -ForEach @(
        @{ Case = 'Description_alone'; Arguments = @{ Description = 'Nightly export' }; Body = '{"description":"Nightly export"}' }
        @{ Case = 'DefaultRole_alone'; Arguments = @{ DefaultRole = 'edit' }; Body = '{"defaultRole":"edit"}' }
        @{ Case = 'An_empty_description_clears_it'; Arguments = @{ Description = '' }; Body = '{"description":""}' }
        @{ Case = 'Every_field_in_the_schemas_order'; Arguments = @{ Name = 'n'; Description = 'd'; DefaultRole = 'none'; Status = 'Active' }
            Body = '{"name":"n","description":"d","defaultRole":"none","status":"active"}'
        }
    ) {
        Set-AccessToken -Id 5a0000000000000000000001 @Arguments @Connection

        Assert-OnlyRequest PATCH '/me/tokens/5a0000000000000000000001' $Body
    }

    It 'An_application_tokens_description_is_patched_in_its_application' {
        Set-AccessToken -Id $script:AppToken -ApplicationId $script:App -Description 'Gateway' @Connection

        Assert-OnlyRequest PATCH "/applications/$($script:App)/tokens/$($script:AppToken)" '{"description":"Gateway"}'
        (Get-Stored "/applications/$($script:App)/tokens" $script:AppToken).description | Should -BeExactly 'Gateway'
    }

    It 'An_instance_tokens_default_role_is_patched_in_its_instance_and_PassThru_shows_it' {
        $updated = Set-AccessToken -Id $script:InstanceToken -InstanceId $script:Instance -DefaultRole ADMIN -PassThru @Connection

        Assert-OnlyRequest PATCH "/instances/$($script:Instance)/tokens/$($script:InstanceToken)" '{"defaultRole":"admin"}'
        $updated.DefaultRole | Should -BeExactly 'admin'
        $updated.InstanceId | Should -BeExactly $script:Instance
    }
}

Describe 'DefaultRole <Given>' -ForEach @(
    @{ Given = 'ADMIN'; Sent = 'admin' }
    @{ Given = 'Edit'; Sent = 'edit' }
    @{ Given = 'colLABorate'; Sent = 'collaborate' }
    @{ Given = 'VIEW'; Sent = 'view' }
    @{ Given = 'None'; Sent = 'none' }
) {
    BeforeEach { Reset-Emulator $script:Emulator }

    It 'Is_sent_in_lower_case_by_New_AccessToken' {
        New-AccessToken -Name 'n' -DefaultRole $Given @Connection | Out-Null

        Assert-OnlyRequest POST '/me/tokens' "{`"name`":`"n`",`"defaultRole`":`"$Sent`"}"
    }

    It 'Is_sent_in_lower_case_by_Set_AccessToken_and_stored' {
        Set-AccessToken -Id $script:UserToken -DefaultRole $Given @Connection

        Assert-OnlyRequest PATCH "/me/tokens/$($script:UserToken)" "{`"defaultRole`":`"$Sent`"}"
        (Get-Stored '/me/tokens' $script:UserToken).defaultRole | Should -BeExactly $Sent
    }
}

Describe 'Field values' {
    BeforeEach { Reset-Emulator $script:Emulator }

    It 'A_description_with_quotes_line_breaks_and_accents_arrives_as_given' {
        $description = "Line one `"quoted`"`nLine two: caf$([char]0xE9), $([char]0xDC)n$([char]0xEF)code, tab`there"

        $created = New-AccessToken -Name 'n' -Description $description @Connection
        Set-AccessToken -Id $script:UserToken -Description $description @Connection

        (Get-Stored '/me/tokens' $created.Id).description | Should -BeExactly $description
        (Get-Stored '/me/tokens' $script:UserToken).description | Should -BeExactly $description
        $created.Description | Should -BeExactly $description
    }

    It 'A_description_of_32767_characters_is_sent_whole_and_one_more_is_refused_by_binding' {
        $longest = 'd' * 32767

        Set-AccessToken -Id $script:UserToken -Description $longest @Connection
        { Set-AccessToken -Id $script:UserToken -Description ($longest + 'd') @Connection } |
            Should -Throw -ErrorId 'ParameterArgumentValidationError,Losant.AccessTokens.Commands.SetAccessTokenCommand'
        { New-AccessToken -Name 'n' -Description ($longest + 'd') @Connection } |
            Should -Throw -ErrorId 'ParameterArgumentValidationError,Losant.AccessTokens.Commands.NewAccessTokenCommand'

        Assert-OnlyRequest PATCH "/me/tokens/$($script:UserToken)" "{`"description`":`"$longest`"}"
    }

    It 'A_default_role_the_API_does_not_know_is_refused_by_binding' {
        { New-AccessToken -Name 'n' -DefaultRole owner @Connection } |
            Should -Throw -ErrorId 'ParameterArgumentValidationError,Losant.AccessTokens.Commands.NewAccessTokenCommand'
        { Set-AccessToken -Id $script:UserToken -DefaultRole owner @Connection } |
            Should -Throw -ErrorId 'ParameterArgumentValidationError,Losant.AccessTokens.Commands.SetAccessTokenCommand'

        (Get-Request).Count | Should -Be 0
    }
}

Describe 'Fields refused before any request' {
    BeforeEach {
        Reset-Emulator $script:Emulator
        $script:Before = Get-CurrentStore $script:Emulator
    }

    It 'DefaultRole_for_a_new_application_token_is_FieldNotAccepted' {
        $output = @([pscustomobject]@{ Name = 'app'; ApplicationId = $script:App; DefaultRole = 'view' },
            [pscustomobject]@{ Name = 'mine'; DefaultRole = 'view' } | New-AccessToken @Connection @Refusal)

        Assert-FieldRefused $failures -ErrorId FieldNotAccepted -Cmdlet New-AccessToken -Field DefaultRole -Targets 'app'
        $output.Name | Should -Be 'mine'
        Assert-OnlyRequest POST '/me/tokens' '{"name":"mine","defaultRole":"view"}'
    }

    It 'DefaultRole_for_application_tokens_by_id_is_FieldNotAccepted_for_each' {
        Set-AccessToken -Id $script:AppToken, (Get-EmulatorSeedId 2 -Kind ApplicationToken) -ApplicationId $script:App -DefaultRole view @Connection @Refusal

        Assert-FieldRefused $failures -ErrorId FieldNotAccepted -Cmdlet Set-AccessToken -Field DefaultRole -Targets $script:AppToken, (Get-EmulatorSeedId 2 -Kind ApplicationToken)
        (Get-Request).Count | Should -Be 0
        Get-CurrentStore $script:Emulator | Should -BeExactly $script:Before
    }

    It 'DefaultRole_for_a_piped_application_token_is_FieldNotAccepted_and_the_user_token_beside_it_is_patched' {
        $tokens = @(Get-AccessToken -ApplicationId $script:App -Id $script:AppToken @Connection) + @(Get-AccessToken -Id $script:UserToken @Connection)
        Clear-EmulatorRequest $script:Emulator

        $tokens | Set-AccessToken -DefaultRole VIEW @Connection @Refusal

        Assert-FieldRefused $failures -ErrorId FieldNotAccepted -Cmdlet Set-AccessToken -Field DefaultRole -Targets $script:AppToken
        Assert-OnlyRequest PATCH "/me/tokens/$($script:UserToken)" '{"defaultRole":"view"}'
    }

    It '<Field>_under_API_1_3_7_is_NotSupportedByApiVersion_for_<Cmdlet>' -ForEach @(
        @{ Cmdlet = 'New-AccessToken'; Field = 'Description'; Value = 'd'; Targets = 'a', 'b'
            Invoke = { param([hashtable] $More) [pscustomobject]@{ Name = 'a' }, [pscustomobject]@{ Name = 'b' } | New-AccessToken @More }
        }
        @{ Cmdlet = 'New-AccessToken'; Field = 'DefaultRole'; Value = 'view'; Targets = 'a', 'b'
            Invoke = { param([hashtable] $More) [pscustomobject]@{ Name = 'a' }, [pscustomobject]@{ Name = 'b' } | New-AccessToken @More }
        }
        @{ Cmdlet = 'Set-AccessToken'; Field = 'Description'; Value = 'd'; Targets = '5a0000000000000000000001', '5a0000000000000000000002'
            Invoke = { param([hashtable] $More) Set-AccessToken -Id 5a0000000000000000000001, 5a0000000000000000000002 @More }
        }
        @{ Cmdlet = 'Set-AccessToken'; Field = 'DefaultRole'; Value = 'view'; Targets = '5a0000000000000000000001', '5a0000000000000000000002'
            Invoke = { param([hashtable] $More) Set-AccessToken -Id 5a0000000000000000000001, 5a0000000000000000000002 -Name 'n' @More }
        }
    ) {
        $output = @(. $Invoke (@{ $Field = $Value; ApiVersion = '1.3.7' } + $Connection + $Refusal))

        $output.Count | Should -Be 0
        Assert-FieldRefused $failures -ErrorId NotSupportedByApiVersion -Cmdlet $Cmdlet -Field $Field -Targets $Targets
        $failures[0].Exception.Message | Should -BeLike '*1.3.7*'
        (Get-Request).Count | Should -Be 0
        Get-CurrentStore $script:Emulator | Should -BeExactly $script:Before
    }

    It 'Set_AccessToken_without_a_change_is_NoChangeGiven_<Case>' -ForEach @(
        @{ Case = 'for the caller'; Owner = @{} }
        @{ Case = 'for an application'; Owner = @{ ApplicationId = '5b0000000000000000000001' } }
        @{ Case = 'for an instance'; Owner = @{ InstanceId = '5d0000000000000000000001' } }
    ) {
        $thrown = { Set-AccessToken -Id $script:AppToken @Owner @Connection } |
            Should -Throw -ErrorId 'NoChangeGiven,Losant.AccessTokens.Commands.SetAccessTokenCommand' -PassThru

        $thrown.Exception.Message | Should -BeLike '*-Description*-DefaultRole*'
        (Get-Request).Count | Should -Be 0
    }

    It 'Set_AccessToken_has_no_<Parameter>_parameter_because_the_API_cannot_change_it' -ForEach @(
        @{ Parameter = 'Scope'; Value = 'all.User' }
        @{ Parameter = 'ExpirationDate'; Value = '2031-01-01' }
    ) {
        $argument = @{ $Parameter = $Value }

        { Set-AccessToken -Id $script:UserToken -Name 'n' @argument @Connection } |
            Should -Throw -ErrorId 'NamedParameterNotFound,Losant.AccessTokens.Commands.SetAccessTokenCommand'
        (Get-Command Set-AccessToken).Parameters.Keys | Should -Not -Contain $Parameter
        (Get-Request).Count | Should -Be 0
    }
}

Describe 'What the API answers' {
    BeforeEach { Reset-Emulator $script:Emulator }

    It 'POST_answers_201_and_the_created_<Owner>_token_is_emitted_with_its_secret' -ForEach @(
        @{ Owner = 'user'; Arguments = @{ DefaultRole = 'edit' }; Collection = '/me/tokens' }
        @{ Owner = 'application'; Arguments = @{ ApplicationId = '5b0000000000000000000001' }; Collection = '/applications/5b0000000000000000000001/tokens' }
        @{ Owner = 'instance'; Arguments = @{ InstanceId = '5d0000000000000000000001'; DefaultRole = 'edit' }; Collection = '/instances/5d0000000000000000000001/tokens' }
    ) {
        $all = @(New-AccessToken -Name 'CI' -Description 'Builds' -Scope 'devices.get' -ExpirationDate $script:Expires @Arguments @Connection -Verbose 4>&1)

        $trace = @($all | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Message
        ($trace -match "^POST \S+$([regex]::Escape($Collection))\?\S+ -> 201 Created in \d+ ms$").Count | Should -Be 1
        $created = @($all | Where-Object { $_.PSObject.TypeNames[0] -eq 'Losant.AccessTokens.Models.AccessToken' })
        $created.Count | Should -Be 1
        $stored = @(Get-EmulatorApiToken $script:Emulator -Path $Collection | Where-Object name -EQ 'CI')
        $stored.Count | Should -Be 1
        $token = $created[0]
        $token.Id | Should -BeExactly $stored[0].id
        $token.Description | Should -BeExactly 'Builds'
        $token.DefaultRole | Should -Be $Arguments.DefaultRole
        $token.Scope | Should -Be @('devices.get')
        $token.ExpirationDate | Should -Be $script:Expires
        $token.Status | Should -Be 'Active'
        $token.Token | Should -BeOfType [securestring]
        [System.Net.NetworkCredential]::new('', $token.Token).Password | Should -BeExactly $stored[0].token
    }

    It 'DELETE_answers_200_with_success_true_and_Remove_AccessToken_emits_nothing' {
        $path = "/applications/$($script:App)/tokens/$($script:AppToken)"

        $all = @(Remove-AccessToken -Id $script:AppToken -ApplicationId $script:App -Force @Connection -Verbose -ErrorVariable failures 4>&1)

        $failures.Count | Should -Be 0
        @($all | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] }).Count | Should -Be 0
        @($all.Message -match "^DELETE \S+$([regex]::Escape($path))\?\S+ -> 200 OK in \d+ ms$").Count | Should -Be 1
        (Get-EmulatorApiToken $script:Emulator -Path "/applications/$($script:App)/tokens").id | Should -Not -Contain $script:AppToken
    }

    It 'A_DELETE_answer_that_is_not_success_true_is_InvalidResponse' {
        # The contrast to the test above: the answer's body is read, not only its status.
        Set-EmulatorFault $script:Emulator @{ method = 'DELETE'; kind = 'wrongShape' }

        Remove-AccessToken -Id $script:AppToken -ApplicationId $script:App -Force @Connection @Refusal

        $failures.Count | Should -Be 1
        $failures[0].FullyQualifiedErrorId | Should -BeExactly 'InvalidResponse,Losant.AccessTokens.Commands.RemoveAccessTokenCommand'
        $failures[0].TargetObject | Should -BeExactly $script:AppToken
    }
}

Describe '-WhatIf with the parameters of today''s API' {
    BeforeEach {
        Reset-Emulator $script:Emulator
        $script:Before = Get-CurrentStore $script:Emulator
    }

    It '<Case>_sends_nothing_and_emits_nothing' -ForEach @(
        @{ Case = 'New_AccessToken_ApplicationId_Description'
            Invoke = { New-AccessToken -Name 'n' -ApplicationId 5b0000000000000000000001 -Description 'd' -Scope 'all.Application' -WhatIf @Connection }
        }
        @{ Case = 'New_AccessToken_InstanceId_DefaultRole'
            Invoke = { New-AccessToken -Name 'n' -InstanceId 5d0000000000000000000001 -DefaultRole admin -WhatIf @Connection }
        }
        @{ Case = 'Set_AccessToken_ApplicationId_Description'
            Invoke = { Set-AccessToken -Id 5c0000000001000000000001 -ApplicationId 5b0000000000000000000001 -Description 'd' -WhatIf -PassThru @Connection }
        }
        @{ Case = 'Set_AccessToken_InstanceId_DefaultRole'
            Invoke = { Set-AccessToken -Id 5e0000000001000000000001 -InstanceId 5d0000000000000000000001 -DefaultRole none -WhatIf -PassThru @Connection }
        }
        @{ Case = 'Remove_AccessToken_ApplicationId_Force'
            Invoke = { Remove-AccessToken -Id 5c0000000001000000000001 -ApplicationId 5b0000000000000000000001 -Force -WhatIf -PassThru @Connection }
        }
        @{ Case = 'Piped_application_tokens_into_Set_AccessToken_Description'
            Invoke = { Get-AccessToken -ApplicationId 5b0000000000000000000001 @Connection | Set-AccessToken -Description 'd' -WhatIf -PassThru @Connection }
        }
        @{ Case = 'Piped_instance_tokens_into_Remove_AccessToken_Force'
            Invoke = { Get-AccessToken -InstanceId 5d0000000000000000000001 @Connection | Remove-AccessToken -Force -WhatIf -PassThru @Connection }
        }
    ) {
        $output = @(& $Invoke)

        $output.Count | Should -Be 0
        @(Get-Request | Where-Object method -NE 'GET').Count | Should -Be 0
        Get-CurrentStore $script:Emulator | Should -BeExactly $script:Before
    }
}
