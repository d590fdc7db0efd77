# Whose tokens New-, Set- and Remove-AccessToken act on under today's API (1.30): the caller's
# (/me/tokens), an application's (-ApplicationId) or an Enterprise instance's (-InstanceId); piped
# tokens and any object with an ApplicationId or InstanceId property carry their owner; an owner
# that cannot be used is refused for its input alone, before any request; an owner the API does
# not know reaches the user as an error that names the input.
BeforeAll {
    # Today's API, whatever the environment says; AfterAll gives the environment back.
    Import-Module (Join-Path $PSScriptRoot 'TestSuite.psm1') -Force
    $script:State = Enter-TestSuite -NoConnection

    $script:App = Get-EmulatorSeedId 1 -Kind Application
    $script:Instance = Get-EmulatorSeedId 1 -Kind Instance
    $script:AppTokens = 1..3 | Get-EmulatorSeedId -Kind ApplicationToken
    $script:InstanceTokens = 1..2 | Get-EmulatorSeedId -Kind InstanceToken

    function Get-Change { @(Get-Request | Where-Object method -NE 'GET') }

    function Get-CommandType([string] $Cmdlet) { 'Losant.AccessTokens.Commands.' + ($Cmdlet -replace '-') + 'Command' }
}

AfterAll {
    Exit-TestSuite $script:State
}

Describe 'The tokens of <Owner>' -ForEach @(
    @{ Owner = 'the caller'; Arguments = @{}; Collection = '/me/tokens'; TokenId = '5a0000000000000000000002' }
    @{ Owner = 'an application'; Arguments = @{ ApplicationId = '5b0000000000000000000001' }
        Collection = '/applications/5b0000000000000000000001/tokens'; TokenId = '5c0000000001000000000002'
    }
    @{ Owner = 'an instance'; Arguments = @{ InstanceId = '5d0000000000000000000001' }
        Collection = '/instances/5d0000000000000000000001/tokens'; TokenId = '5e0000000001000000000002'
    }
) {
    BeforeEach { Reset-Emulator $script:Emulator }

    It 'New_AccessToken_posts_to_the_owners_collection_and_the_token_lands_there' {
        $created = New-AccessToken -Name 'owned' @Arguments @Connection

        $requests = Get-Request
        $requests.Count | Should -Be 1
        Assert-Request $requests[0] -Method POST -Path $Collection -Bearer $script:Emulator.ApiToken -Body '{"name":"owned"}'
        $stored = @(Get-EmulatorApiToken $script:Emulator -Path $Collection | Where-Object name -EQ 'owned')
        $stored.Count | Should -Be 1
        $created.Id | Should -BeExactly $stored[0].id
    }

    It 'Set_AccessToken_patches_the_item_in_the_owners_collection' {
        Set-AccessToken -Id $TokenId -Status Inactive @Arguments @Connection

        $requests = Get-Request
        $requests.Count | Should -Be 1
        Assert-Request $requests[0] -Method PATCH -Path "$Collection/$TokenId" -Bearer $script:Emulator.ApiToken -Body '{"status":"inactive"}'
        (Get-EmulatorApiToken $script:Emulator -Path $Collection | Where-Object id -EQ $TokenId).status | Should -BeExactly 'inactive'
    }

    It 'Remove_AccessToken_deletes_the_item_in_the_owners_collection' {
        Remove-AccessToken -Id $TokenId -Force @Arguments @Connection

        $requests = Get-Request
        $requests.Count | Should -Be 1
        Assert-Request $requests[0] -Method DELETE -Path "$Collection/$TokenId" -Bearer $script:Emulator.ApiToken
        Get-StoredId $Collection | Should -Not -Contain $TokenId
    }
}

Describe 'Tokens piped from Get-AccessToken -<Parameter>' -ForEach @(
    @{ Parameter = 'ApplicationId'; OwnerId = '5b0000000000000000000001'; Collection = '/applications/5b0000000000000000000001/tokens'
        Ids = '5c0000000001000000000001', '5c0000000001000000000002', '5c0000000001000000000003'
    }
    @{ Parameter = 'InstanceId'; OwnerId = '5d0000000000000000000001'; Collection = '/instances/5d0000000000000000000001/tokens'
        Ids = '5e0000000001000000000001', '5e0000000001000000000002'
    }
) {
    BeforeEach {
        Reset-Emulator $script:Emulator
        $script:Owner = @{ $Parameter = $OwnerId }
    }

    It 'Set_AccessToken_patches_each_in_its_owners_collection_without_the_owner_repeated' {
        $tokens = @(Get-AccessToken @Owner @Connection)
        $tokens.Id | Sort-Object | Should -Be $Ids

        $tokens | Set-AccessToken -Status Inactive @Connection

        $changes = Get-Change
        $changes.Count | Should -Be $tokens.Count
        for ($i = 0; $i -lt $tokens.Count; $i++) {
            Assert-Request $changes[$i] -Method PATCH -Path "$Collection/$($tokens[$i].Id)" -Bearer $script:Emulator.ApiToken -Body '{"status":"inactive"}'
        }
        (Get-EmulatorApiToken $script:Emulator -Path $Collection).status | Should -Not -Contain 'active'
    }

    It 'Remove_AccessToken_Force_deletes_each_in_its_owners_collection_without_the_owner_repeated' {
        $tokens = @(Get-AccessToken @Owner @Connection)

        $tokens | Remove-AccessToken -Force @Connection

        $changes = Get-Change
        $changes.Count | Should -Be $Ids.Count
        for ($i = 0; $i -lt $tokens.Count; $i++) {
            Assert-Request $changes[$i] -Method DELETE -Path "$Collection/$($tokens[$i].Id)" -Bearer $script:Emulator.ApiToken
        }
        Get-StoredId $Collection | Should -BeNullOrEmpty
        # Nobody else's tokens went with them.
        Get-StoredId '/me/tokens' | Should -Be $UserTokens
    }
}

Describe 'Owners from the properties of piped objects' {
    BeforeEach { Reset-Emulator $script:Emulator }

    It 'ApplicationId_and_InstanceId_bind_by_property_name_for_each_object_alone' {
        [pscustomobject]@{ Id = $script:AppTokens[0]; ApplicationId = $script:App },
        [pscustomobject]@{ Id = $UserTokens[0] },
        [pscustomobject]@{ Id = $script:InstanceTokens[0]; InstanceId = $script:Instance },
        $UserTokens[1] |
            Set-AccessToken -Name 'renamed' @Connection

        (Get-Request).path | Should -Be @(
            "/applications/$($script:App)/tokens/$($script:AppTokens[0])"
            "/me/tokens/$($UserTokens[0])"
            "/instances/$($script:Instance)/tokens/$($script:InstanceTokens[0])"
            "/me/tokens/$($UserTokens[1])")
    }

    It 'New_AccessToken_creates_each_object_in_the_collection_its_properties_name' {
        [pscustomobject]@{ Name = 'for the app'; ApplicationId = $script:App },
        [pscustomobject]@{ Name = 'mine' },
        [pscustomobject]@{ Name = 'for the instance'; InstanceId = $script:Instance } |
            New-AccessToken @Connection | Out-Null

        $requests = Get-Request
        $requests.path | Should -Be @("/applications/$($script:App)/tokens", '/me/tokens', "/instances/$($script:Instance)/tokens")
        $requests.body | Should -Be @('{"name":"for the app"}', '{"name":"mine"}', '{"name":"for the instance"}')
    }

    It 'An_inventory_read_back_from_CSV_reaches_each_token_where_it_lives' {
        $csv = Join-Path $TestDrive 'tokens.csv'
        Get-AccessToken -AllApplications @Connection | Export-Csv $csv
        Clear-EmulatorRequest $script:Emulator

        Import-Csv $csv | Where-Object Status -EQ 'Active' | Remove-AccessToken -Force @Connection

        # The active tokens of the seeded applications: each deleted from its own application.
        $deleted = @(Get-Request)
        $deleted.method | Sort-Object -Unique | Should -Be 'DELETE'
        $deleted.path | Should -Be @(Import-Csv $csv | Where-Object Status -EQ 'Active' | ForEach-Object { "/applications/$($_.ApplicationId)/tokens/$($_.Id)" })
        $deleted.Count | Should -BeGreaterThan 1
        Get-StoredId "/applications/$($script:App)/tokens" | Should -Be @(Import-Csv $csv | Where-Object { $_.ApplicationId -eq $script:App -and $_.Status -eq 'Inactive' }).Id
        Get-StoredId '/me/tokens' | Should -Be $UserTokens
    }
}

Describe 'Owners refused before any request by <Cmdlet>' -ForEach @(
    @{ Cmdlet = 'New-AccessToken'
        Invoke = { param([hashtable] $More) [pscustomobject]@{ Name = 'a' }, [pscustomobject]@{ Name = 'b' } | New-AccessToken @More }
    }
    @{ Cmdlet = 'Set-AccessToken'
        Invoke = { param([hashtable] $More) '5c0000000001000000000001', '5c0000000001000000000002' | Set-AccessToken -Status Inactive @More }
    }
    @{ Cmdlet = 'Remove-AccessToken'
        Invoke = { param([hashtable] $More) '5c0000000001000000000001', '5c0000000001000000000002' | Remove-AccessToken -Force @More }
    }
) {
    BeforeEach { Reset-Emulator $script:Emulator }

    It '<Case> is <ErrorId> for each input' -ForEach @(
        @{ Case = 'An application id that is not an id'; Owner = @{ ApplicationId = '5b00000000000000000001' }; ErrorId = 'InvalidApplicationId'; Target = '5b00000000000000000001' }
        @{ Case = 'An instance id that is not an id'; Owner = @{ InstanceId = 'instance-1' }; ErrorId = 'InvalidInstanceId'; Target = 'instance-1' }
        @{ Case = 'An empty application id'; Owner = @{ ApplicationId = '' }; ErrorId = 'InvalidApplicationId'; Target = '' }
        @{ Case = 'A null instance id'; Owner = @{ InstanceId = $null }; ErrorId = 'InvalidInstanceId'; Target = '' }
        @{ Case = 'An application and an instance'; Owner = @{ ApplicationId = '5b0000000000000000000001'; InstanceId = '5d0000000000000000000001' }
            ErrorId = 'ApplicationAndInstanceGiven'; Target = '5b0000000000000000000001'
        }
        @{ Case = 'An application under API 1.3.7'; Owner = @{ ApplicationId = '5b0000000000000000000001'; ApiVersion = '1.3.7' }
            ErrorId = 'NotSupportedByApiVersion'; Target = '5b0000000000000000000001'
        }
        @{ Case = 'An instance under API 1.3.7'; Owner = @{ InstanceId = '5d0000000000000000000001'; ApiVersion = '1.3.7' }
            ErrorId = 'NotSupportedByApiVersion'; Target = '5d0000000000000000000001'
        }
    ) {
        $before = Get-CurrentStore $script:Emulator

        $output = @(. $Invoke ($Owner + $Connection + @{ ErrorVariable = 'failures'; ErrorAction = 'SilentlyContinue' }))

        $output.Count | Should -Be 0
        Assert-Refused $failures -Cmdlet $Cmdlet -ErrorId $ErrorId -Target @($Target, $Target)
        (Get-Request).Count | Should -Be 0
        Get-CurrentStore $script:Emulator | Should -BeExactly $before
    }
}

Describe 'A refused owner stops only its own input' {
    BeforeEach { Reset-Emulator $script:Emulator }

    It 'Set_AccessToken_patches_the_other_inputs_in_order' {
        [pscustomobject]@{ Id = $script:AppTokens[0]; ApplicationId = 'not-an-application' },
        [pscustomobject]@{ Id = $script:AppTokens[1]; ApplicationId = $script:App },
        [pscustomobject]@{ Id = $script:InstanceTokens[0]; ApplicationId = $script:App; InstanceId = $script:Instance },
        [pscustomobject]@{ Id = $script:InstanceTokens[1]; InstanceId = 'not-an-instance' },
        $UserTokens[0] |
            Set-AccessToken -Status Inactive @Connection -ErrorVariable failures -ErrorAction SilentlyContinue

        $failures.FullyQualifiedErrorId -replace ',.*' | Should -Be @('InvalidApplicationId', 'ApplicationAndInstanceGiven', 'InvalidInstanceId')
        $failures.TargetObject | Should -Be @('not-an-application', $script:App, 'not-an-instance')
        (Get-Request).path | Should -Be @("/applications/$($script:App)/tokens/$($script:AppTokens[1])", "/me/tokens/$($UserTokens[0])")
    }

    It 'Remove_AccessToken_under_API_1_3_7_deletes_the_callers_tokens_and_refuses_the_owned_ones' {
        [pscustomobject]@{ Id = $UserTokens[0]; ApplicationId = $script:App },
        $UserTokens[1],
        [pscustomobject]@{ Id = $UserTokens[2]; InstanceId = $script:Instance } |
            Remove-AccessToken -Force -ApiVersion 1.3.7 @Connection -ErrorVariable failures -ErrorAction SilentlyContinue

        Assert-Refused $failures -Cmdlet 'Remove-AccessToken' -ErrorId 'NotSupportedByApiVersion' -Target @($script:App, $script:Instance)
        $failures[0].Exception.Message | Should -BeLike '*-ApplicationId*1.3.7*'
        $failures[1].Exception.Message | Should -BeLike '*-InstanceId*1.3.7*'
        (Get-Request).path | Should -Be @("/access-tokens/$($UserTokens[1])")
    }

    It 'A_piped_application_token_under_API_1_3_7_is_refused_by_its_owner' {
        $appToken = Get-AccessToken -ApplicationId $script:App -Id $script:AppTokens[0] @Connection
        Clear-EmulatorRequest $script:Emulator

        $appToken | Set-AccessToken -Name 'renamed' -ApiVersion 1.3.7 @Connection -ErrorVariable failures -ErrorAction SilentlyContinue

        Assert-Refused $failures -Cmdlet 'Set-AccessToken' -ErrorId 'NotSupportedByApiVersion' -Target @($script:App)
        (Get-Request).Count | Should -Be 0
    }
}

Describe 'An owner the API does not know' {
    BeforeEach { Reset-Emulator $script:Emulator }

    It '<Cmdlet> reports the 404 for each input with the input and the <Kind> named' -ForEach @(
        @{ Cmdlet = 'New-AccessToken'; Kind = 'application'; Owner = @{ ApplicationId = '5b00000000000000000000ff' }; Message = 'Application was not found'; ErrorId = 'ApplicationNotFound'
            Invoke = { param([hashtable] $More) [pscustomobject]@{ Name = 'a' }, [pscustomobject]@{ Name = 'b' } | New-AccessToken @More }
            Targets = 'a', 'b'; Subjects = "New access token 'a'", "New access token 'b'"
        }
        @{ Cmdlet = 'Set-AccessToken'; Kind = 'application'; Owner = @{ ApplicationId = '5b00000000000000000000ff' }; Message = 'Application was not found'
            Invoke = { param([hashtable] $More) '5c0000000001000000000001', '5c0000000001000000000002' | Set-AccessToken -Status Inactive @More }
            Targets = '5c0000000001000000000001', '5c0000000001000000000002'
            Subjects = 'Access token 5c0000000001000000000001', 'Access token 5c0000000001000000000002'
        }
        @{ Cmdlet = 'Remove-AccessToken'; Kind = 'instance'; Owner = @{ InstanceId = '5d00000000000000000000ff' }; Message = 'Instance was not found'
            Invoke = { param([hashtable] $More) '5e0000000001000000000001', '5e0000000001000000000002' | Remove-AccessToken -Force @More }
            Targets = '5e0000000001000000000001', '5e0000000001000000000002'
            Subjects = 'Access token 5e0000000001000000000001', 'Access token 5e0000000001000000000002'
        }
    ) {
        $ownerId = @($Owner.Values)[0]
        $before = Get-CurrentStore $script:Emulator

        $output = @(. $Invoke ($Owner + $Connection + @{ ErrorVariable = 'failures'; ErrorAction = 'SilentlyContinue' }))

        $output.Count | Should -Be 0
        $failures.Count | Should -Be 2
        for ($i = 0; $i -lt 2; $i++) {
            # Creating addresses the owner's collection, where only the owner can be missing; a
            # token's own address cannot tell a missing owner from a missing token.
            $failures[$i].FullyQualifiedErrorId | Should -BeExactly "$(if ($ErrorId) { $ErrorId } else { 'AccessTokenNotFound' }),$(Get-CommandType $Cmdlet)"
            $failures[$i].CategoryInfo.Category | Should -Be 'ObjectNotFound'
            $failures[$i].TargetObject | Should -BeExactly $Targets[$i]
            $failures[$i].ErrorDetails.Message | Should -BeExactly "$($Subjects[$i]) of $Kind $($ownerId): $Message"
        }
        (Get-Request).Count | Should -Be 2
        Get-CurrentStore $script:Emulator | Should -BeExactly $before
    }
}
